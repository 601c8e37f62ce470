import { describe, expect, it } from 'vitest';
import { addDays } from '#shared/time/business-day';
import { RequestMeter } from '../bench/lib/request-meter';
import { createFreshTable } from './support/tables';
import { analyticsService } from '../functions/analytics/service';
import { analyticsQueries } from '../functions/analytics/test-support/query-timing';
import { seedHistory } from '../functions/analytics/test-support/seed-history';
import { readEarningsDashboard } from '../functions/analytics/use-cases/read-earnings-dashboard';
import { readMostExpensive } from '../functions/analytics/use-cases/most-expensive';
import { buildAnalyticsDeps } from '../functions/analytics/wiring';

/**
 * What Analytics' queries cost does not grow with the number of completed tasks: over a short
 * and a 10× longer task history of the same 14 days, each query makes the same DynamoDB calls
 * and reads about as many items (counted by the bench's request meter). A query that read task
 * facts instead of the day's kept figures would read ten times more. How long they take is
 * the bench's business (`npx tsx bench/analytics-queries.ts`: 100 vs 100,000 tasks).
 */
const FIRST_DAY = '2026-01-01';
/**
 * A week of about 3.6 tasks a day and one of ten times more: a day's earnings shards are part
 * filled in the short history and full in the long one. (Issue 24 halved both, 14 days of 50
 * and 500 tasks: the same tasks a day, half the seeding.)
 */
const DAYS = 7;
const SIZES = [25, 250];

/** Per query: DynamoDB requests by operation, and the items they read. */
type ReadCounts = Record<string, { calls: Record<string, number>; items: number }>;

describe('query cost against the number of completed tasks', () => {
  it(`answers right and reads about as much over ${SIZES.join(' and ')} completed tasks`, async () => {
    const meter = new RequestMeter({ bus: { stats: { published: 0, delivered: 0 } } } as never);
    const readsBySize: ReadCounts[] = [];
    for (const completedTasks of SIZES) {
      process.env.ANALYTICS_TABLE = await createFreshTable(analyticsService);
      const deps = buildAnalyticsDeps({ clock: () => new Date('2026-06-01T00:00:00Z') });
      const seeded = await seedHistory(deps, {
        completedTasks,
        firstDay: FIRST_DAY,
        days: DAYS,
        employees: 3,
      });
      const lastDay = addDays(FIRST_DAY, DAYS - 1);
      const range = await readMostExpensive(deps, { from: FIRST_DAY, to: lastDay });
      expect(range.days).toHaveLength(DAYS);
      expect(range.top?.task_id).toBe(seeded.top?.task_id);
      const dashboard = await readEarningsDashboard(deps, { date: lastDay });
      expect(dashboard.management_earnings_cents).toBe(seeded.earningsByDay.get(lastDay));

      const reads: ReadCounts = {};
      for (const [query, run] of analyticsQueries(deps, { firstDay: FIRST_DAY, days: DAYS })) {
        const before = meter.snapshot();
        await run();
        const used = meter.since(before);
        reads[query] = { calls: used.dynamoCalls, items: used.dynamoReadItems };
      }
      readsBySize.push(reads);
    }
    // The same requests (no page more), and items bounded by the table's fixed fan-out (the
    // day's earnings shards fill up as tasks land), nowhere near the tenfold of the tasks.
    const [short, long] = readsBySize as [ReadCounts, ReadCounts];
    for (const [query, reads] of Object.entries(short)) {
      expect(reads.items, query).toBeGreaterThan(0);
      expect(long[query]!.calls, query).toEqual(reads.calls);
      expect(long[query]!.items, query).toBeLessThan(2 * reads.items);
    }
  }, 180_000);
});
