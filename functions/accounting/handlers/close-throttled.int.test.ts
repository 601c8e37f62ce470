import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Faults } from '../../../local/faults/faults';
import { installRequestFault } from '../../../local/iam/enforcement';
import { dynamoThrottleFault } from '../../../local/faults/throttling';
import { testIam } from '../../../test/support/iam';
import { createTables } from '../../../test/support/tables';
import { accountingService } from '../service';
import {
  deliver,
  drainOwnEvents,
  expectBalancesMatchLedgers,
  RecordingMailer,
  testDeps,
  workdayEvents,
} from '../test-support/harness';
import { closeStatus } from '../use-cases/close-status';
import { requestClose } from '../use-cases/request-close';
import { makeAccountingConsumer } from './on-event';

const day = '2026-04-07';
const { assigned, completed, hired } = workdayEvents(day);
const deps = testDeps({
  random: (max) => Math.floor(max / 2),
  clock: () => new Date('2026-04-08T00:00:05.000Z'),
  mailer: new RecordingMailer(),
});
const consumer = makeAccountingConsumer(() => deps);

/**
 * A twentieth of the consumer's DynamoDB requests throttled, as a young on-demand table throttles
 * a burst: reads and writes answered `ThrottlingException` / `ProvisionedThroughputExceededException`,
 * the close's payout transactions cancelled with a `ThrottlingError` reason. The first read, write
 * and transaction are throttled whatever the rate (`everyKindOnce`), so each kind is met. Each
 * throttle costs its backoff in wall time (the SDK's: a random wait under 1 s, doubling), so the
 * rate is low: a fifth before issue 24's budget made 26 throttles, about 14 s of waiting.
 */
const faults = new Faults({ dynamoThrottle: 0.05, seed: 3, everyKindOnce: true });
let removeFault: () => void;

beforeAll(async () => {
  await createTables([accountingService]);
  testIam();
  removeFault = installRequestFault(dynamoThrottleFault(faults));
});
afterAll(() => removeFault());

describe('the daily close on a throttled table', () => {
  it('finishes every chunk in its first delivery: throttling is waited out inside the invocation, never by a visibility timeout', async () => {
    // One earner: the close's requests are mostly its 16 lanes' (counts, chunks, tallies),
    // whatever the accounts; each earner more only adds throttles to wait out.
    const earners = [randomUUID()];
    for (const id of earners) {
      const task = randomUUID();
      const events = [hired(id), assigned(task, id), completed(task, id)];
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
