import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentClient } from '#shared/dynamo';
import { authService } from '../../functions/auth/service';
import { taskerService } from '../../functions/tasker/service';
import { keys as taskerKeys } from '../../functions/tasker/store/keys';
import { apiClient } from '../../test/support/api';
import { startTestCloud } from '../../test/support/cloud';
import { hire, makeAsOperator, signIn } from '../../test/support/people';
import type { LocalCloud } from '../cloud/local-cloud';

/**
 * The stream pollers are woken when a handler returns, so an event does not wait for the poll
 * interval: with a ten-minute interval, a command's event still reaches its consumer at once.
 */
let cloud: LocalCloud;
const api = apiClient(() => cloud.urls.gateway);
const TEN_MINUTES = 600_000;

beforeAll(async () => {
  cloud = await startTestCloud([authService, taskerService], { pollIntervalMs: TEN_MINUTES });
}, 120_000);
afterAll(() => cloud?.stop());

const replicaOf = async (userId: string) =>
  (
    await documentClient.send(
      new GetCommand({ TableName: cloud.tables.tasker, Key: taskerKeys.user(userId) }),
    )
  ).Item;

describe('local cloud: stream pollers woken by the handlers', () => {
  it('settles at once after a write made outside the cloud, though the poll interval is ten minutes', async () => {
    // The first admin, made as `npm run admin` makes it: a direct write no handler of the cloud did.
    const admin = await makeAsOperator(
      { email: 'wake-boss@uberpopug.test', name: 'Boss', role: 'admin' },
      'stream-wake',
    );
    // Seconds at most against ten minutes: settled() fails at its 30 s deadline.
    await cloud.settled(30_000);
    expect(await replicaOf(admin.id)).toBeDefined();
  });

  it("brings a user created over HTTP to Tasker's replica within seconds, though the poll interval is ten minutes", async () => {
    const admin = await signIn(api, 'wake-boss@uberpopug.test');
    const kiwiId = await hire(api, admin, {
      email: 'wake-kiwi@uberpopug.test',
      name: 'Kiwi',
      role: 'worker',
    });
    // No settled() here: it would wake the pollers itself. Woken, not polled: seconds at most,
    // against ten minutes (how fast is the bench's to say: `event-latency`).
    await vi.waitFor(async () => expect(await replicaOf(kiwiId)).toBeDefined(), {
      timeout: 20_000,
      interval: 5,
    });
  });
});
