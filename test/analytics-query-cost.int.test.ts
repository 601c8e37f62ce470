import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays } from '#shared/time/business-day';
import { analyticsService } from '../functions/analytics/service';
import { timeQueries } from '../functions/analytics/test-support/query-timing';
import { seedHistory } from '../functions/analytics/test-support/seed-history';
import { readDashboard } from '../functions/analytics/use-cases/dashboard';
import { readMostExpensive } from '../functions/analytics/use-cases/most-expensive';
import { analyticsDeps } from '../functions/analytics/wiring';
import { ensureTable } from '../local/tables';

/**
 * The small version of bench/analytics-queries.ts: the same queries over a short and a
 * 10× longer task history of the same 14 days. It checks the answers and prints the times
 * (times are not asserted: the shared machine is noisy); the bench runs 100 vs 100,000.
 */
const FIRST_DAY = '2026-01-01';
const DAYS = 14;

async function freshTable() {
  const name = `${process.env.ATES_TABLE_PREFIX}analytics-${randomUUID().slice(0, 8)}`;
  const client = new DynamoDBClient({});
  await ensureTable(client, name, analyticsService);
  client.destroy();
  process.env.ANALYTICS_TABLE = name;
}

describe('query cost against the number of completed tasks', () => {
  it('answers right over 100 and 1,000 completed tasks, and prints the times', async () => {
    const deps = { ...analyticsDeps(), clock: () => new Date('2026-06-01T00:00:00Z') };
    const rows: Record<string, string | number>[] = [];
    for (const completedTasks of [100, 1_000]) {
      await freshTable();
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
      const dashboard = await readDashboard(deps, { date: lastDay });
      expect(dashboard.management_earnings_cents).toBe(seeded.earningsByDay.get(lastDay));

      for (const timing of await timeQueries(deps, { firstDay: FIRST_DAY, days: DAYS }, 10)) {
        rows.push({ completed_tasks: completedTasks, ...timing });
      }
    }
    console.table(rows);
  }, 180_000);
});
