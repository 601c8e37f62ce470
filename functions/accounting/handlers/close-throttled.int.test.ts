import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { Faults } from '../../../local/faults';
import { installRequestFault } from '../../../local/iam/enforcement';
import { dynamoThrottleFault } from '../../../local/throttling';
import { testIam } from '../../../test/support/iam';
import { createTables } from '../../../test/support/tables';
import { accountingService } from '../service';
import {
  busMessageOf,
  deliver,
  drainOwnEvents,
  expectBalancesMatchLedgers,
  RecordingMailer,
  testDeps,
} from '../test-support/harness';
import { closeStatus } from '../use-cases/close-status';
import { requestClose } from '../use-cases/request-close';
import { makeAccountingConsumer } from './on-event';

const day = '2026-04-07';
const at = (hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const deps = testDeps({
  random: (max) => Math.floor(max / 2),
  clock: () => new Date('2026-04-08T00:00:05.000Z'),
  mailer: new RecordingMailer(),
});
const consumer = makeAccountingConsumer(() => deps);

/**
 * A fifth of the consumer's DynamoDB requests throttled, as a young on-demand table throttles a
 * burst: reads and writes answered `ThrottlingException` / `ProvisionedThroughputExceededException`,
 * the close's payout transactions cancelled with a `ThrottlingError` reason.
 */
const faults = new Faults({ dynamoThrottle: 0.2, seed: 11 });
let removeFault: () => void;

beforeAll(async () => {
  await createTables([accountingService]);
  testIam();
  removeFault = installRequestFault(dynamoThrottleFault(faults));
});
afterAll(() => removeFault());

describe('the daily close on a throttled table', () => {
  it('finishes every chunk in its first delivery: throttling is waited out inside the invocation, never by a visibility timeout', async () => {
    const earners = Array.from({ length: 3 }, () => randomUUID());
    for (const id of earners) {
      const task = randomUUID();
      const events = [
        busMessageOf(userCreatedV1, {
          id,
          email: `${id.slice(0, 8)}@uberpopug.test`,
          name: 'Popug',
          role: 'worker',
          active: true,
          revision: 1,
          changed_at: at(1),
        }),
        busMessageOf(taskAssignedV1, {
          id: task,
          user_id: id,
          assignment_id: randomUUID(),
          assignment_seq: 1,
          assigned_at: at(9),
        }),
        busMessageOf(taskCompletedV1, { id: task, user_id: id, completed_at: at(10) }),
      ];
      // One at a time, in order: each must get through its first delivery despite the throttling.
      for (const body of events) expect(await deliver(consumer, body)).toEqual([]);
    }

    await requestClose(deps, { date: day, requestedBy: null }, { correlationId: 'throttled' });
    // Throws if any delivery failed: a failed chunk would wait out its 12-minute visibility timeout.
    await drainOwnEvents(consumer, new Set(), {
      names: ['accounting.close_requested', 'accounting.close_chunk_requested'],
    });

    expect(await closeStatus(deps, day)).toMatchObject({
      status: 'done',
      accounts_total: earners.length,
      paid_count: earners.length,
    });
    expect(faults.stats.dynamoTransactionsThrottled).toBeGreaterThan(0);
    expect(faults.stats.dynamoReadsThrottled).toBeGreaterThan(0);
    removeFault();
    await expectBalancesMatchLedgers(expect);
  });
});
