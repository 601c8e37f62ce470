import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { seedDemoCompany } from '../../local/seed-demo';
import { authService } from './service';
import { receivedUserEmails } from './testing/user-created-subscriber';
import { userCreatedSubscriberService } from './testing/user-created-subscriber-service';

/**
 * The whole path on the local cloud: seed → Auth's outbox → stream → relay → local bus → a
 * subscriber's queue → its consumer. Every seeded user must arrive as user.created.
 */
describe('demo company on the local bus', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startLocalCloud({
      inMemory: true,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tablePrefix: process.env.ATES_TABLE_PREFIX,
      services: [authService, userCreatedSubscriberService],
      ses: false,
      scheduler: false,
      quiet: true,
      visibilityTimeoutMs: 30,
      pollIntervalMs: 50,
      streamRetryDelayMs: 100,
    });
  });
  afterAll(() => cloud?.stop());

  it('delivers user.created for every seeded user to a subscriber, once', async () => {
    const logins = await seedDemoCompany({ log: () => {} });
    await cloud.settled();
    expect([...receivedUserEmails()].sort()).toEqual(logins.map((l) => l.email).sort());
    expect(cloud.deadLetters.list()).toEqual([]);
  });
});
