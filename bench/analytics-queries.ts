/**
 * Query time of the admins' dashboard and of the most-expensive task against the size of the
 * history: the same queries over 100 and over 100,000 completed tasks spread over the same
 * year. Queries read per-day rollups, so the two columns should be about the same. Prints
 * figures; asserts nothing.
 *
 *   npx tsx bench/analytics-queries.ts [--tasks 100,100000] [--days 365] [--repeats 30]
 *
 * History is seeded in bulk with the items Analytics' store writers produce (seeding 100,000
 * tasks through one reaction per event would take hours); balances go through the reaction.
 * DynamoDB Local runs in memory in this process: the figures compare sizes on one machine.
 */
import '../local/cloud/quiet-sdk-notice';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { startDynamoDbLocal } from '../local/dynamodb/dynamodb-local';
import { freePort } from '../local/cloud/free-port';
import { ensureTable } from '../local/dynamodb/tables';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '100,100000' },
    days: { type: 'string', default: '365' },
    repeats: { type: 'string', default: '30' },
  },
});
const SIZES = values.tasks.split(',').map(Number);
const DAYS = Number(values.days);
const REPEATS = Number(values.repeats);
const FIRST_DAY = '2025-12-01';

const dynamo = await startDynamoDbLocal({ port: await freePort() });
// The SDK clients are built when the modules below load: the endpoint must be set before.
Object.assign(process.env, {
  AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
});
const { analyticsService } = await import('../functions/analytics/service');
const { buildAnalyticsDeps } = await import('../functions/analytics/wiring');
const { seedHistory } = await import('../functions/analytics/test-support/seed-history');
const { timeQueries } = await import('../functions/analytics/test-support/query-timing');

try {
  const client = new DynamoDBClient({});
  const rows: Record<string, string | number>[] = [];
  for (const completedTasks of SIZES) {
    const table = `bench-analytics-${completedTasks}`;
    await ensureTable(client, table, analyticsService);
    process.env.ANALYTICS_TABLE = table;
    const deps = buildAnalyticsDeps({ clock: () => new Date('2027-01-01T00:00:00Z') });
    const started = performance.now();
    const seeded = await seedHistory(deps, {
      completedTasks,
      firstDay: FIRST_DAY,
      days: DAYS,
      employees: 20,
    });
    console.log(
      `seeded ${seeded.tasks} completed tasks (${seeded.items} items, ${seeded.balanceChanges} balance changes) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const timing of await timeQueries(deps, { firstDay: FIRST_DAY, days: DAYS }, REPEATS)) {
      rows.push({ completed_tasks: completedTasks, ...timing });
    }
  }
  client.destroy();
  console.table(rows);
} finally {
  await dynamo.stop();
}
