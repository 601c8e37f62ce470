import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud/local-cloud';
import { startTestCloud } from '../../test/support/cloud';
import { seedDemoCompany } from '../../local/cloud/seed-demo';
import { authService } from './service';
import { receivedUserEmails } from './test-support/user-created-subscriber';
import { userCreatedSubscriberService } from './test-support/user-created-subscriber-service';

/**
 * The whole path on the local cloud: seed → Auth's outbox → stream → relay → local bus → a
 * subscriber's queue → its consumer. Every seeded user must arrive as user.created.
 */
describe('demo company on the local bus', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startTestCloud([authService, userCreatedSubscriberService]);
  });
  afterAll(() => cloud?.stop());

  it('delivers user.created for every seeded user to a subscriber, once', async () => {
    const logins = await seedDemoCompany({ log: () => {} });
    await cloud.settled();
    expect([...receivedUserEmails()].sort()).toEqual(logins.map((l) => l.email).sort());
    expect(cloud.deadLetters.list()).toEqual([]);
  });
});
