import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../functions/services';
import type { LocalCloud } from '../local/cloud';
import { ALL_FAULTS } from '../local/faults';
import { DEFAULT_SOAK, reportTable, runSoak } from '../scripts/soak/run';
import { startTestCloud } from './support/cloud';

/**
 * The short soak (`npm run soak` in small): every domain on the local cloud with every fault on —
 * each event delivered twice and reordered, consumer invocations failed before and after their
 * effect, PutEvents entries and whole calls failed, outbox rows relayed over 4 shards, poison
 * events on the bus — then every promise checked. Any mismatch fails the test with the report.
 */
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud(SERVICES, {
    ses: true,
    timeZone: 'UTC',
    faults: { ...ALL_FAULTS, seed: 14 },
    streamShards: 4,
    visibilityTimeoutMs: 50,
  });
}, 120_000);
afterAll(() => cloud?.stop());

describe('the short soak, with every fault on', () => {
  it('loses, doubles and invents nothing: zero mismatches', async () => {
    const report = await runSoak(cloud, {
      ...DEFAULT_SOAK,
      tasks: 60,
      workers: 5,
      managers: 1,
      reshuffles: 2,
      poison: 2,
      parallel: 6,
      settleTimeoutMs: 120_000,
    });
    const table = reportTable(report, { ...cloud.faultStats });
    console.log(table); // the figures docs/reliability.md quotes
    expect(report.mismatches, table).toBe(0);
    expect(report.checks.length).toBeGreaterThanOrEqual(13);
    expect(report.figures.created).toBe(60);
    expect(report.figures.completed).toBeGreaterThan(30);
    expect(report.figures.paid).toBeGreaterThan(0);
    // The faults really happened: a clean run would prove nothing about them.
    const stats = cloud.faultStats;
    expect(stats.consumerFailedBefore, table).toBeGreaterThan(0);
    expect(stats.consumerFailedAfter, table).toBeGreaterThan(0);
    expect(stats.putEventsEntriesFailed, table).toBeGreaterThan(0);
    expect(stats.putEventsCallsFailed, table).toBeGreaterThan(0);
    expect(stats.reorderedReleases, table).toBeGreaterThan(0);
    expect(cloud.bus.stats.delivered).toBeGreaterThanOrEqual(2 * report.figures.deliveries);
  }, 240_000);
});
