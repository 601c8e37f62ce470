import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { accountFinedV1 } from '#events/accounting/account.fined.v1';
import { accountPaidV1 } from '#events/accounting/account.paid.v1';
import { accountRewardedV1 } from '#events/accounting/account.rewarded.v1';
import type { accountMovement } from '#events/accounting/movement';
import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { userBalanceChangedV1 } from '#events/accounting/user.balance_changed.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionsFailed, documentClient } from '#shared/dynamo';
import { Changes } from '#shared/unit-of-work/changes';
import { DynamoUnitOfWork } from '#shared/unit-of-work/dynamo-unit-of-work';
import { cents } from '#shared/money';
import { makeAnalyticsConsumer } from '../functions/analytics/handlers/on-event';
import { analyticsService } from '../functions/analytics/service';
import { requirementsExample } from '../functions/analytics/test-support/company-history';
import {
  busMessageOf,
  published,
  shuffled,
  sqsEventOf,
  type PublishedEvent,
} from '../functions/analytics/test-support/events';
import { readEarningsDashboard } from '../functions/analytics/use-cases/read-earnings-dashboard';
import { readMostExpensive } from '../functions/analytics/use-cases/most-expensive';
import { recordMovement } from '../functions/analytics/use-cases/record-movement';
import { recordTaskPiece } from '../functions/analytics/use-cases/record-task-piece';
import { buildAnalyticsDeps } from '../functions/analytics/wiring';
import type { AnalyticsDeps } from '../functions/analytics/domain/ports';
import { ensureTable } from '../local/dynamodb/tables';

/**
 * Analytics' consumer against DynamoDB Local, fed real envelopes as the bus delivers them.
 * Each scenario gets a table of its own (deps built anew on it), so figures from one cannot leak
 * into another.
 */
const subscribed = new Set<string>(
  analyticsService.consumer.subscriptions.flatMap((s) => s.events),
);
type Movement = z.infer<typeof accountMovement>;
const forAnalytics = (events: readonly PublishedEvent[]) =>
  events.filter((e) => subscribed.has(e.detailType));

async function freshTable() {
  const name = `${process.env.ATES_TABLE_PREFIX}analytics-${randomUUID().slice(0, 8)}`;
  const client = new DynamoDBClient({});
  await ensureTable(client, name, analyticsService);
  client.destroy();
  process.env.ANALYTICS_TABLE = name;
  built = buildAnalyticsDeps();
}
let built: AnalyticsDeps;
const analyticsDeps = () => built;
const handler = makeAnalyticsConsumer(analyticsDeps, () => process.env.ANALYTICS_TABLE!);

/** What a reaction records, for a test to commit when it chooses (a race). */
async function reacted(react: (changes: Changes) => Promise<void>) {
  const changes = new Changes({ correlationId: 'race', now: new Date() });
  await react(changes);
  return changes;
}
const commit = (changes: Changes) =>
  new DynamoUnitOfWork({ tableName: process.env.ANALYTICS_TABLE! }).commit(changes);

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
  const dashboards = await Promise.all(
    dates.map((date) => readEarningsDashboard(deps(), { date })),
  );
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

  it("leaves no processed marker for a task's pieces: redelivered and reordered, the fact holds each event once", async () => {
    await freshTable();
    const id = randomUUID();
    const pieces = [completed(id), priced(id, 3300), created(id)];
    await deliver([...pieces, ...[...pieces].reverse(), pieces[1]!]);
    const { Items = [] } = await documentClient.send(
      new ScanCommand({ TableName: process.env.ANALYTICS_TABLE! }),
    );
    expect(Items.filter((item) => item.record_type === 'processed_event')).toEqual([]);
    const fact = Items.find((item) => item.record_type === 'task_fact' && item.task_id === id);
    const eventIds = pieces.map((e) => JSON.parse(e.detail).metadata.event_id as string);
    expect([...(fact?.applied_events ?? [])].sort()).toEqual([...eventIds].sort());
    expect(fact?.version).toBe(3);
    expect(await topOfDay()).toMatchObject({ task_id: id, reward_cents: 3300 });
  });

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
        ? ({ kind, task_id: id, reward_cents: cents(2500) } as const)
        : ({ kind, task_id: id, completed_at: `${day}T10:00:00Z`, completed_on: day } as const);
    // Both read the fact before either commits: each alone would miss the other.
    const [pricedWrites, completedWrites] = await Promise.all([
      reacted((c) => recordTaskPiece(d, c, piece('priced'))),
      reacted((c) => recordTaskPiece(d, c, piece('completed'))),
    ]);
    await commit(pricedWrites);
    const refused = await commit(completedWrites).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConditionsFailed);
    expect((refused as ConditionsFailed).failed('task_fact_unchanged')).toBe(true);
    expect(await topOfDay()).toBeNull();
    await commit(await reacted((c) => recordTaskPiece(d, c, piece('completed')))); // the queue's retry
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
      reacted((c) => recordTaskPiece(d, c, completion(cheap))),
      reacted((c) => recordTaskPiece(d, c, completion(dear))),
    ]);
    await commit(dearWrites);
    const refused = await commit(cheapWrites).catch((error: unknown) => error);
    expect((refused as ConditionsFailed).failed('day_top_ranks_lower')).toBe(true);
    await commit(await reacted((c) => recordTaskPiece(d, c, completion(cheap)))); // the retry: it no longer competes
    expect(await topOfDay()).toMatchObject({ task_id: dear, reward_cents: 3900 });
  });
});

describe('negative balances at the end of each day', () => {
  /**
   * What Accounting publishes for one movement, in the order it applies them: the movement
   * (dated by its business day) and `user.balance_changed` with the running balance and
   * revision. Analytics takes what it subscribes to, so the same feed tests any design.
   */
  function accounting() {
    const balances = new Map<string, number>();
    const revisions = new Map<string, number>();
    const events: PublishedEvent[] = [];
    return {
      events,
      move(
        contract: typeof accountFinedV1 | typeof accountRewardedV1 | typeof accountPaidV1,
        userId: string,
        amount: number,
        businessDate: string,
        at: string,
      ) {
        const balance = (balances.get(userId) ?? 0) + amount;
        const revision = (revisions.get(userId) ?? 0) + 1;
        balances.set(userId, balance);
        revisions.set(userId, revision);
        const data = {
          transaction_id: randomUUID(),
          user_id: userId,
          task_id: contract === accountPaidV1 ? null : randomUUID(),
          amount_cents: amount,
          balance_cents: balance,
          business_date: businessDate,
          at,
        };
        events.push(
          published(contract, data, new Date(at)),
          published(
            userBalanceChangedV1,
            { id: userId, balance_cents: balance, revision, changed_at: at },
            new Date(at),
          ),
        );
        return data;
      },
    };
  }

  const [D, NEXT] = ['2026-03-01', '2026-03-02'];
  /** The day an event belongs to: a movement's business date, else the day of its change. */
  const dateOf = (event: PublishedEvent) => {
    const { data } = JSON.parse(event.detail) as {
      data: Partial<Movement> & { changed_at?: string };
    };
    return data.business_date ?? data.changed_at!.slice(0, 10);
  };
  const count = async (date?: string) =>
    (await readEarningsDashboard(deps(), { date })).negative_balance_employees;

  /**
   * Kiwi: Accounting applies the next day's reward (+20) before the day's fee (−15), so the
   * fee's running balance (+5) holds the next day's money; Kiwi ended D at −15 and NEXT at +5.
   * Kea: +8 on D, −10 on NEXT, then the close of D pays D's end balance (8), dated D though it
   * runs on NEXT: Kea ended D at 0 and NEXT at −10.
   */
  function lateMovements() {
    const [kiwi, kea] = [randomUUID(), randomUUID()];
    const a = accounting();
    a.move(accountRewardedV1, kiwi, 2000, NEXT, `${NEXT}T10:00:00Z`);
    a.move(accountFinedV1, kiwi, -1500, D, `${D}T23:00:00Z`);
    a.move(accountRewardedV1, kea, 800, D, `${D}T12:00:00Z`);
    a.move(accountFinedV1, kea, -1000, NEXT, `${NEXT}T09:00:00Z`);
    a.move(accountPaidV1, kea, -800, D, `${NEXT}T00:05:00Z`);
    return { events: forAnalytics(a.events), kiwi, kea };
  }

  it('counts each day from the movements dated to it, whatever order Accounting applied them in', async () => {
    await freshTable();
    await deliver(lateMovements().events);
    expect(await count(D)).toBe(1); // Kiwi
    expect(await count(NEXT)).toBe(1); // Kea
    expect(await count()).toBe(1); // today (10 March): Kea is still negative
  });

  it('gives the same counts when D+1 arrives before D, each batch delivered twice (a fail-after-commit)', async () => {
    const { events } = lateMovements();
    for (const seed of [1, 7, 42]) {
      await freshTable();
      const order = shuffled(events, seed);
      const byDate = (date: string) => order.filter((e) => dateOf(e) === date);
      // D+1 first, then D; every batch redelivered after it was committed, and a copy of the
      // whole day inside one batch.
      for (const batch of [byDate(NEXT), byDate(D), [...byDate(D), ...byDate(D)]]) {
        await deliver(batch);
        await deliver(batch);
      }
      expect([await count(D), await count(NEXT)], `seed ${seed}`).toEqual([1, 1]);
    }
  });

  it('counts a movement once when it comes again under another event id', async () => {
    await freshTable();
    const kiwi = randomUUID();
    const a = accounting();
    const fee = a.move(accountFinedV1, kiwi, -1500, D, `${D}T09:00:00Z`);
    a.move(accountRewardedV1, kiwi, 2000, D, `${D}T10:00:00Z`);
    await deliver(forAnalytics(a.events));
    await deliver([published(accountFinedV1, fee, new Date(`${D}T09:00:00Z`))]); // republished
    expect(await count(D)).toBe(0); // +5, not −10
    expect((await readEarningsDashboard(deps(), { date: D })).management_earnings_cents).toBe(-500);
  });

  it('refuses the slower of two movements of one account read at once, and its retry counts right', async () => {
    await freshTable();
    const kiwi = randomUUID();
    const d = analyticsDeps();
    const movement = (amount: number) => ({
      transaction_id: randomUUID(),
      user_id: kiwi,
      task_id: randomUUID(),
      amount_cents: amount,
      balance_cents: amount,
      business_date: D,
      at: `${D}T10:00:00Z`,
    });
    const [fee, reward] = [movement(-1500), movement(1000)];
    // Both read the account before either commits: each alone would miss the other.
    const [feeWrites, rewardWrites] = await Promise.all([
      reacted((c) => recordMovement(d, c, 'fine', fee)),
      reacted((c) => recordMovement(d, c, 'reward', reward)),
    ]);
    await commit(feeWrites);
    const refused = await commit(rewardWrites).catch((error: unknown) => error);
    expect((refused as ConditionsFailed).failed('account_unchanged')).toBe(true);
    expect(await count(D)).toBe(1);
    await commit(await reacted((c) => recordMovement(d, c, 'reward', reward))); // the retry
    expect(await count(D)).toBe(1); // −5
  });
});
