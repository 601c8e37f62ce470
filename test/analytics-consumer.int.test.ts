import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { userBalanceChangedV1 } from '#events/accounting/user.balance_changed.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { commit, ConditionsFailed } from '#shared/dynamo';
import { asCents } from '../functions/analytics/domain/money';
import { handler } from '../functions/analytics/handlers/on-event';
import { analyticsService } from '../functions/analytics/service';
import { requirementsExample } from '../functions/analytics/test-support/company-history';
import {
  busMessageOf,
  published,
  shuffled,
  sqsEventOf,
  type PublishedEvent,
} from '../functions/analytics/test-support/events';
import { readDashboard } from '../functions/analytics/use-cases/dashboard';
import { readMostExpensive } from '../functions/analytics/use-cases/most-expensive';
import { recordTaskPiece } from '../functions/analytics/use-cases/record-task-piece';
import { analyticsDeps } from '../functions/analytics/wiring';
import { ensureTable } from '../local/tables';

/**
 * Analytics' consumer against DynamoDB Local, fed real envelopes as the bus delivers them.
 * Each scenario gets a table of its own (ANALYTICS_TABLE is read on every call), so figures
 * from one cannot leak into another.
 */
const subscribed = new Set<string>(
  analyticsService.consumer.subscriptions.flatMap((s) => s.events),
);
const forAnalytics = (events: readonly PublishedEvent[]) =>
  events.filter((e) => subscribed.has(e.detailType));

async function freshTable() {
  const name = `${process.env.ATES_TABLE_PREFIX}analytics-${randomUUID().slice(0, 8)}`;
  const client = new DynamoDBClient({});
  await ensureTable(client, name, analyticsService);
  client.destroy();
  process.env.ANALYTICS_TABLE = name;
}

/** Delivers events in SQS batches of ten, as the queue would; every record must succeed. */
async function deliver(events: readonly PublishedEvent[]) {
  for (let i = 0; i < events.length; i += 10) {
    const batch = events.slice(i, i + 10).map(busMessageOf);
    const result = await handler(sqsEventOf(batch)).catch((error: { recordErrors?: Error[] }) => {
      throw error.recordErrors?.[0] ?? error;
    });
    expect(result.batchItemFailures).toEqual([]);
  }
}

const deps = () => ({ ...analyticsDeps(), clock: () => new Date('2026-03-10T12:00:00Z') });
const dollarsOf = (top: { reward_cents: number } | null) => (top ? top.reward_cents / 100 : null);

async function figures() {
  const dates = ['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'];
  const dashboards = await Promise.all(dates.map((date) => readDashboard(deps(), { date })));
  const days = await Promise.all(
    ['2026-03-01', '2026-03-02', '2026-03-03'].map((date) =>
      readMostExpensive(deps(), { period: 'day', date }),
    ),
  );
  const range = await readMostExpensive(deps(), { from: '2026-03-01', to: '2026-03-03' });
  return { dashboards, days, range };
}

beforeAll(freshTable);

describe('analytics from real events (the requirements example)', () => {
  const example = requirementsExample();
  let inOrder: Awaited<ReturnType<typeof figures>>;

  it('reproduces 03.03 — 28; 02.03 — 38; 01.03 — 23; 01–03.03 — 38, and each day’s earnings', async () => {
    await freshTable();
    await deliver(forAnalytics(example.events));
    inOrder = await figures();

    expect(inOrder.days.map((d) => dollarsOf(d.top))).toEqual([23, 38, 28]);
    expect(dollarsOf(inOrder.range.top)).toBe(38);
    expect(inOrder.range.top).toMatchObject({
      task_id: example.tasks.d,
      title: 'Count the seeds',
      jira_id: 'UBERPOP-38',
      reward_cents: 3800,
      completed_at: '2026-03-02T16:00:00Z',
    });
    expect(inOrder.range.days.map((d) => [d.date, dollarsOf(d.top)])).toEqual([
      ['2026-03-01', 23],
      ['2026-03-02', 38],
      ['2026-03-03', 28],
    ]);
    // The v1 task: its jira id came out of the title.
    expect(inOrder.days[2]!.top).toMatchObject({ title: 'Feed the kiwi', jira_id: 'UBERPOP-3' });

    const byDate = Object.fromEntries(inOrder.dashboards.map((d) => [d.date, d]));
    for (const [date, cents] of Object.entries(example.expected.earningsCents)) {
      expect(byDate[date]!.management_earnings_cents, date).toBe(cents);
    }
    for (const [date, count] of Object.entries(example.expected.negativeEmployees)) {
      expect(byDate[date]!.negative_balance_employees, date).toBe(count);
    }
    // A week (ISO, Monday 2 March to Sunday 8 March) and the month include 4 March's 40.
    const week = await readMostExpensive(deps(), { period: 'week', date: '2026-03-03' });
    expect([week.from, week.to, dollarsOf(week.top)]).toEqual(['2026-03-02', '2026-03-08', 40]);
    const month = await readMostExpensive(deps(), { period: 'month', date: '2026-03-03' });
    expect([month.from, month.to, dollarsOf(month.top)]).toEqual(['2026-03-01', '2026-03-31', 40]);
  });

  it('gives the same figures when every event comes twice or three times, in a random order', async () => {
    await freshTable();
    const events = forAnalytics(example.events);
    const deliveries = shuffled([...events, ...events, ...events.filter((_, i) => i % 3 === 0)], 7);
    await deliver(deliveries);
    expect(await figures()).toEqual(inOrder);
  });

  it('gives the same figures in the exact reverse order (every completion before its price)', async () => {
    await freshTable();
    await deliver([...forAnalytics(example.events)].reverse());
    expect(await figures()).toEqual(inOrder);
  });
});

describe('late and racing pieces of one task', () => {
  const day = '2026-04-01';
  const created = (id: string) =>
    published(
      taskCreatedV2,
      {
        id,
        title: 'Late price',
        jira_id: null,
        description: '',
        assignee_id: randomUUID(),
        status: 'open',
        created_at: `${day}T08:00:00Z`,
      },
      new Date(`${day}T08:00:00Z`),
    );
  const completed = (id: string, at = `${day}T10:00:00Z`) =>
    published(taskCompletedV1, { id, user_id: randomUUID(), completed_at: at }, new Date(at));
  const priced = (id: string, reward: number) =>
    published(
      taskPricedV1,
      { id, fee_cents: 1000, reward_cents: reward, priced_at: `${day}T08:00:01Z` },
      new Date(`${day}T08:00:01Z`),
    );
  const topOfDay = async () => (await readMostExpensive(deps(), { period: 'day', date: day })).top;

  it('counts a completed task only once its price arrives', async () => {
    await freshTable();
    const id = randomUUID();
    await deliver([completed(id), created(id)]);
    expect(await topOfDay()).toBeNull();
    await deliver([priced(id, 3100)]);
    expect(await topOfDay()).toMatchObject({ task_id: id, reward_cents: 3100 });
  });

  it('refuses the slower of two pieces read at once, and its retry ranks the task', async () => {
    await freshTable();
    const id = randomUUID();
    await deliver([created(id)]);
    const d = analyticsDeps();
    const piece = (kind: 'priced' | 'completed') =>
      kind === 'priced'
        ? ({ kind, task_id: id, reward_cents: asCents(2500) } as const)
        : ({ kind, task_id: id, completed_at: `${day}T10:00:00Z`, completed_on: day } as const);
    // Both read the fact before either commits: each alone would miss the other.
    const [pricedWrites, completedWrites] = await Promise.all([
      recordTaskPiece(d, piece('priced')),
      recordTaskPiece(d, piece('completed')),
    ]);
    await commit(pricedWrites);
    const refused = await commit(completedWrites).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConditionsFailed);
    expect((refused as ConditionsFailed).failed('task_fact_unchanged')).toBe(true);
    expect(await topOfDay()).toBeNull();
    await commit(await recordTaskPiece(d, piece('completed'))); // the queue's retry
    expect(await topOfDay()).toMatchObject({ task_id: id, reward_cents: 2500 });
  });

  it('keeps the higher reward when a cheaper task read the day before it was written', async () => {
    await freshTable();
    const [cheap, dear] = [randomUUID(), randomUUID()];
    await deliver([created(cheap), priced(cheap, 2100), created(dear), priced(dear, 3900)]);
    const d = analyticsDeps();
    const completion = (id: string) =>
      ({
        kind: 'completed',
        task_id: id,
        completed_at: `${day}T10:00:00Z`,
        completed_on: day,
      }) as const;
    const [cheapWrites, dearWrites] = await Promise.all([
      recordTaskPiece(d, completion(cheap)),
      recordTaskPiece(d, completion(dear)),
    ]);
    await commit(dearWrites);
    const refused = await commit(cheapWrites).catch((error: unknown) => error);
    expect((refused as ConditionsFailed).failed('day_top_ranks_lower')).toBe(true);
    await commit(await recordTaskPiece(d, completion(cheap))); // the retry: it no longer competes
    expect(await topOfDay()).toMatchObject({ task_id: dear, reward_cents: 3900 });
  });
});

describe('balances', () => {
  const change = (id: string, revision: number, balance: number, at: string) =>
    published(
      userBalanceChangedV1,
      { id, balance_cents: balance, revision, changed_at: at },
      new Date(at),
    );

  it('never lets an older balance change overwrite a newer one, today or for a past day', async () => {
    await freshTable();
    const [kiwi, kea] = [randomUUID(), randomUUID()];
    await deliver([
      change(kiwi, 3, 500, '2026-03-02T10:00:00Z'),
      change(kiwi, 2, -100, '2026-03-01T12:00:00Z'),
      change(kiwi, 1, -300, '2026-03-01T09:00:00Z'), // older than revision 2 of the same day
      change(kea, 2, -700, '2026-03-02T11:00:00Z'),
      change(kea, 1, -200, '2026-03-01T11:00:00Z'),
    ]);
    const count = async (date?: string) =>
      (await readDashboard(deps(), { date })).negative_balance_employees;
    expect(await count('2026-03-01')).toBe(2);
    expect(await count('2026-03-02')).toBe(1);
    expect(await count()).toBe(1); // today (10 March): Kea is still negative
  });
});
