import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../functions/services';
import type { LocalCloud, LocalCloudOptions } from '../local/cloud/local-cloud';
import { ALL_FAULTS } from '../local/faults/faults';
import { restartOnSameData } from '../scripts/soak/restart';
import { DEFAULT_SOAK, reportTable, runSoak } from '../scripts/soak/run';
import { startTestCloud } from './support/cloud';

// @heavy: a working day under faults and a hard kill (test/support/heavy.ts)

/**
 * The short soak (`npm run soak` in small): every domain on the local cloud with every fault on —
 * each event delivered twice and reordered, consumer invocations failed before and after their
 * effect, invocations run past their timeout, PutEvents entries and whole calls failed, outbox
 * rows relayed over 4 shards, poison events on the bus, and the cloud killed hard and restarted
 * on the same data right after the day's traffic — then every promise checked. Any mismatch
 * fails the test with the report. SOAK_TASKS sets its size (default 15; 30 before issue 24's
 * budget, when each fault had to come up by its rate alone, and 60 before that); every fault
 * happens at its first chance (`everyKindOnce`). `npm run soak` is the large one (300 tasks).
 */
const SOAK_TASKS = Number(process.env.SOAK_TASKS ?? 15);
/**
 * Two knobs for the payout e-mails under redelivery (docs/reliability.md, "A payout e-mail
 * dead-lettered while it was being sent"): SOAK_SES_RATE, the SES account's send rate (default
 * 14 a second, a new production account's; 1 is the sandbox's, e-mails a second apart), and
 * SOAK_OVERRUN, the share of consumer invocations run past their timeout (default the `all`
 * faults' 5%). At 1 and 0.5, redelivered pages often meet e-mails a late delivery still sends.
 */
const sesRate = process.env.SOAK_SES_RATE ? Number(process.env.SOAK_SES_RATE) : undefined;
const overrun = Number(process.env.SOAK_OVERRUN ?? ALL_FAULTS.consumerOverrun);
const clouds: LocalCloud[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'ates-short-soak-'));
const options: Partial<LocalCloudOptions> = {
  inMemory: false, // queues, dead letters and stream positions outlive the cloud, in dataDir
  dataDir,
  ses: true,
  timeZone: 'UTC',
  // Every fault the test asserts happens at its first chance, then at its rate: the size need
  // not be the one at which each rate comes up at least once.
  faults: { ...ALL_FAULTS, consumerOverrun: overrun, seed: 14, everyKindOnce: true },
  streamShards: 4,
  visibilityTimeoutMs: 50,
  ...(sesRate === undefined ? {} : { sesAccount: { maxSendRate: sesRate } }),
};
const start = async (more: Partial<LocalCloudOptions> = {}) => {
  const cloud = await startTestCloud(SERVICES, { ...options, ...more });
  clouds.push(cloud);
  return cloud;
};

beforeAll(() => start(), 120_000);
afterAll(async () => {
  await clouds.at(-1)?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the short soak, with every fault on', () => {
  it('loses, doubles and invents nothing: zero mismatches', async () => {
    const report = await runSoak(clouds[0]!, {
      ...DEFAULT_SOAK,
      tasks: SOAK_TASKS,
      workers: 5,
      managers: 1,
      reshuffles: 2,
      poison: 2,
      parallel: 6,
      settleTimeoutMs: 120_000,
      restart: restartOnSameData((ports) => start({ ports })),
    });
    const table = reportTable(report, { ...report.faults });
    console.log(table); // the figures docs/reliability.md quotes
    expect(report.mismatches, table).toBe(0);
    // Every function's AWS calls were judged against its own policy, and none was refused.
    expect(report.iam?.invoked.length, table).toBeGreaterThan(10);
    expect(report.iam?.denied, table).toEqual([]);
    expect(report.checks.length).toBeGreaterThanOrEqual(13);
    expect(report.figures.created).toBe(SOAK_TASKS);
    expect(report.figures.completed).toBeGreaterThan(SOAK_TASKS / 2);
    expect(report.figures.paid).toBeGreaterThan(0);
    // The faults really happened: a clean run would prove nothing about them.
    const stats = report.faults;
    expect(stats.consumerFailedBefore, table).toBeGreaterThan(0);
    expect(stats.consumerFailedAfter, table).toBeGreaterThan(0);
    expect(stats.putEventsEntriesFailed, table).toBeGreaterThan(0);
    expect(stats.putEventsCallsFailed, table).toBeGreaterThan(0);
    expect(stats.reorderedReleases, table).toBeGreaterThan(0);
    expect(stats.consumerOverran, table).toBeGreaterThan(0);
    expect(stats.dynamoWritesThrottled + stats.dynamoTransactionsThrottled, table).toBeGreaterThan(
      0,
    );
    expect(stats.putEventsCallsThrottled + stats.putEventsEntriesThrottled, table).toBeGreaterThan(
      0,
    );
    expect(report.figures.restarts).toBe(1);
    const delivered = clouds.reduce((sum, cloud) => sum + cloud.bus.stats.delivered, 0);
    expect(delivered).toBeGreaterThanOrEqual(2 * report.figures.deliveries);
  }, 240_000);
});
