import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type * as z from 'zod';
import { accountFinedV1 } from '#events/accounting/account.fined.v1';
import { accountPaidV1 } from '#events/accounting/account.paid.v1';
import { accountRewardedV1 } from '#events/accounting/account.rewarded.v1';
import type { accountMovement } from '#events/accounting/movement';
import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { userBalanceChangedV1 } from '#events/accounting/user.balance_changed.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import {
  BatchWriteCommand,
  GetCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConditionsFailed, documentClient } from '#shared/dynamo';
import { Changes } from '#shared/unit-of-work/changes';
import { DynamoUnitOfWork } from '#shared/unit-of-work/dynamo-unit-of-work';
import { cents } from '#shared/money';
import { rankKey } from '../functions/analytics/domain/top-rank';
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
import { createFreshTable } from './support/tables';
import { readEarningsDashboard } from '../functions/analytics/use-cases/read-earnings-dashboard';
import { readMostExpensive } from '../functions/analytics/use-cases/most-expensive';
import { recordMovement } from '../functions/analytics/use-cases/record-movement';
import { recordTaskCreated } from '../functions/analytics/use-cases/record-task-created';
import { buildAnalyticsDeps } from '../functions/analytics/wiring';
import type { AnalyticsDeps } from '../functions/analytics/domain/ports';

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
  process.env.ANALYTICS_TABLE = await createFreshTable(analyticsService);
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

  it('gives the same figures in the exact reverse order (every reward before its task.created)', async () => {
    await freshTable();
    await deliver([...forAnalytics(example.events)].reverse());
    expect(await figures()).toEqual(inOrder);
  });
});

describe("a task's title, its reward and the day's most expensive task", () => {
  const day = '2026-04-01';
  const created = (id: string, title = 'Late title') =>
    published(
      taskCreatedV2,
      {
        id,
        title,
        jira_id: null,
        description: '',
        assignee_id: randomUUID(),
        status: 'open',
        created_at: `${day}T08:00:00Z`,
      },
      new Date(`${day}T08:00:00Z`),
    );
  /** Accounting's reward of the task: credited at the completion, dated on its business day. */
  const rewardOf = (id: string, reward: number, at = `${day}T10:00:00Z`) => ({
    transaction_id: randomUUID(),
    user_id: randomUUID(),
    task_id: id,
    amount_cents: reward,
    balance_cents: reward,
    business_date: day,
    at,
  });
  const rewarded = (id: string, reward: number) =>
    published(accountRewardedV1, rewardOf(id, reward), new Date(`${day}T10:00:00Z`));
  const completed = (id: string) =>
    published(
      taskCompletedV1,
      { id, user_id: randomUUID(), completed_at: `${day}T10:00:00Z` },
      new Date(`${day}T10:00:00Z`),
    );
  const priced = (id: string, reward: number) =>
    published(
      taskPricedV1,
      { id, fee_cents: 1000, reward_cents: reward, priced_at: `${day}T08:00:01Z` },
      new Date(`${day}T08:00:01Z`),
    );
  const topOfDay = async () => (await readMostExpensive(deps(), { period: 'day', date: day })).top;
  const scan = async () =>
    (await documentClient.send(new ScanCommand({ TableName: process.env.ANALYTICS_TABLE! })))
      .Items ?? [];
  const eventIdOf = (event: PublishedEvent) => JSON.parse(event.detail).metadata.event_id as string;

  it('writes the fact once, with no processed marker: task.created redelivered holds its event once', async () => {
    await freshTable();
    const id = randomUUID();
    const title = created(id);
    await deliver([title, title, rewarded(id, 3300), title]);
    const items = await scan();
    expect(items.filter((item) => item.record_type === 'processed_event')).toEqual([]);
    const fact = items.find((item) => item.record_type === 'task_fact' && item.task_id === id);
    expect(fact).toMatchObject({
      title: 'Late title',
      version: 1,
      applied_events: [eventIdOf(title)],
    });
    // Nothing of the reward on the fact: the movement says it, and ranked it.
    expect(Object.keys(fact!).sort()).toEqual(
      [
        'applied_events',
        'jira_id',
        'pk',
        'record_type',
        'sk',
        'task_id',
        'title',
        'version',
      ].sort(),
    );
    expect(await topOfDay()).toMatchObject({
      task_id: id,
      title: 'Late title',
      reward_cents: 3300,
    });
  });

  it('ranks a reward that arrives before its task.created; its title shows once that arrives', async () => {
    await freshTable();
    const id = randomUUID();
    await deliver([rewarded(id, 3100)]);
    expect(await topOfDay()).toEqual({
      task_id: id,
      title: '',
      jira_id: null,
      reward_cents: 3100,
      completed_at: `${day}T10:00:00Z`,
    });
    await deliver([created(id)]);
    expect(await topOfDay()).toMatchObject({
      task_id: id,
      title: 'Late title',
      reward_cents: 3100,
    });
  });

  it('acknowledges task.priced and task.completed, which it no longer consumes, and changes nothing', async () => {
    await freshTable();
    const id = randomUUID();
    // A copy still queued when the subscription ended, or a replay from before the change.
    await deliver([priced(id, 3000), completed(id)]);
    expect(await scan()).toEqual([]);
    await deliver([created(id), rewarded(id, 2000), priced(id, 3000), completed(id)]);
    expect(await topOfDay()).toMatchObject({ task_id: id, reward_cents: 2000 });
    expect((await scan()).filter((item) => item.record_type === 'task_fact')).toHaveLength(1);
  });

  it('refuses the slower of two copies of task.created read at once, and its retry writes nothing', async () => {
    await freshTable();
    const id = randomUUID();
    const d = analyticsDeps();
    const title = { task_id: id, title: 'Twice', jira_id: null };
    const [first, second] = await Promise.all([
      reacted((c) => recordTaskCreated(d, c, title, 'v2-event')),
      reacted((c) => recordTaskCreated(d, c, { ...title, title: 'Other' }, 'v1-event')),
    ]);
    await commit(first);
    const refused = await commit(second).catch((error: unknown) => error);
    expect((refused as ConditionsFailed).failed('task_fact_unchanged')).toBe(true);
    const retry = await reacted((c) => recordTaskCreated(d, c, { ...title, title: 'Other' }));
    expect(retry.writes).toEqual([]);
    expect(await d.facts.find(id)).toMatchObject({ title: 'Twice', applied_events: ['v2-event'] });
  });

  it("keeps the higher reward when a cheaper task's reward read the day before the dearer one was written", async () => {
    await freshTable();
    const [cheap, dear] = [randomUUID(), randomUUID()];
    await deliver([created(cheap), created(dear)]);
    const d = analyticsDeps();
    const [cheapWrites, dearWrites] = await Promise.all([
      reacted((c) => recordMovement(d, c, 'reward', rewardOf(cheap, 2100))),
      reacted((c) => recordMovement(d, c, 'reward', rewardOf(dear, 3900))),
    ]);
    await commit(dearWrites);
    const refused = await commit(cheapWrites).catch((error: unknown) => error);
    expect((refused as ConditionsFailed).failed('day_top_ranks_lower')).toBe(true);
    // The queue's retry: it no longer competes, and its money still counts.
    await commit(await reacted((c) => recordMovement(d, c, 'reward', rewardOf(cheap, 2100))));
    expect(await topOfDay()).toMatchObject({ task_id: dear, reward_cents: 3900 });
    const later = { ...deps(), clock: () => new Date(`${day}T20:00:00Z`) };
    const earnings = await readEarningsDashboard(later, { date: day });
    expect(earnings.management_earnings_cents).toBe(-6000);
  });

  it('still ranks facts written by the former pieces: a counted one as it was, one waiting for its title when it comes', async () => {
    await freshTable();
    const table = process.env.ANALYTICS_TABLE!;
    const [counted, waiting] = [randomUUID(), randomUUID()];
    const former = (id: string, reward: number, title: string | null, at: string) => ({
      pk: `TASK#${id}`,
      sk: 'FACT',
      record_type: 'task_fact',
      task_id: id,
      title,
      jira_id: null,
      reward_cents: reward,
      completed_at: at,
      completed_on: day,
      counted_on: title === null ? null : day,
      version: 3,
      applied_events: [randomUUID(), randomUUID(), randomUUID()],
    });
    // As the former design left them: the counted task is its day's top, title and all.
    const countedFact = former(counted, 2500, 'Counted before', `${day}T09:00:00Z`);
    await documentClient.send(
      new BatchWriteCommand({
        RequestItems: {
          [table]: [
            countedFact,
            former(waiting, 4500, null, `${day}T11:00:00Z`),
            {
              pk: 'DAY_TOPS',
              sk: day,
              record_type: 'day_top',
              task_id: counted,
              title: 'Counted before',
              jira_id: null,
              reward_cents: 2500,
              completed_at: countedFact.completed_at,
              completed_on: day,
              rank: rankKey({ ...countedFact, reward_cents: cents(2500) }),
            },
          ].map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
    expect(await topOfDay()).toMatchObject({ task_id: counted, title: 'Counted before' });
    // A replayed reward of the counted task ties with itself: nothing to write, nothing refused.
    const replayed = published(
      accountRewardedV1,
      rewardOf(counted, 2500, countedFact.completed_at),
      new Date(`${day}T09:00:00Z`),
    );
    await deliver([replayed, created(counted, 'Renamed')]);
    expect(await topOfDay()).toMatchObject({ task_id: counted, title: 'Counted before' });

    await deliver([created(waiting, 'Waited for its title')]);
    expect(await topOfDay()).toEqual({
      task_id: waiting,
      title: 'Waited for its title',
      jira_id: null,
      reward_cents: 4500,
      completed_at: `${day}T11:00:00Z`,
    });
    expect(await analyticsDeps().facts.find(waiting)).toMatchObject({
      legacy: { counted_on: day },
    });
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

describe('a batch of movements, committed together', () => {
  beforeAll(freshTable);

  const day = '2026-03-04';
  const movement = (
    contract: typeof accountFinedV1 | typeof accountRewardedV1,
    userId: string,
    amount: number,
    balance: number,
  ) =>
    published(
      contract,
      {
        transaction_id: randomUUID(),
        user_id: userId,
        task_id: randomUUID(),
        amount_cents: amount,
        balance_cents: balance,
        business_date: day,
        at: `${day}T10:00:00.000Z`,
      },
      new Date(`${day}T10:00:00.000Z`),
    );
  const dashboard = () => readEarningsDashboard(deps(), { date: day });
  const table = () => process.env.ANALYTICS_TABLE!;

  it('adds a batch’s shares to one earnings shard once, reads an account moved twice fresh, and changes nothing when it comes again', async () => {
    const [kiwi, kea, tui] = [randomUUID(), randomUUID(), randomUUID()];
    const events = [
      movement(accountFinedV1, kiwi, -1500, -1500),
      movement(accountFinedV1, kea, -1200, -1200),
      movement(accountRewardedV1, tui, 3000, 3000),
      // Kiwi again: the group before commits first, and Kiwi's days are read after it.
      movement(accountRewardedV1, kiwi, 2000, 500),
      movement(accountFinedV1, tui, -1000, 2000),
    ];
    const send = vi.spyOn(documentClient, 'send');
    await deliver(events);
    const transactions = send.mock.calls
      .map(([command]) => command)
      .filter((command) => command instanceof TransactWriteCommand)
      .map((command) => (command as TransactWriteCommand).input.TransactItems ?? []);
    send.mockRestore();
    // Two transactions: the first three (one shard add of both fines and the reward), then Kiwi's
    // reward with Tui's fine (Tui's days are not in that group's writes).
    expect(transactions).toHaveLength(2);
    const shards = transactions[0]!.filter((item) => item.Update?.Key?.pk === `EARNINGS#${day}`);
    expect(shards.map((item) => item.Update!.ExpressionAttributeValues)).toEqual([
      expect.objectContaining({ ':fees': 2700, ':rewards': 3000 }),
    ]);
    const expected = {
      management_earnings_cents: 1500 + 1200 + 1000 - 3000 - 2000,
      negative_balance_employees: 1, // Kea; Kiwi ended the day at +5, Tui at +20
    };
    expect(await dashboard()).toMatchObject(expected);

    // Delivered again whole (a crash after the commit), and again: nothing changes.
    await deliver(events);
    await deliver([...events].reverse());
    expect(await dashboard()).toMatchObject(expected);
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: table(), Key: { pk: `ACCOUNT#${kiwi}`, sk: 'DAYS' } }),
    );
    expect(Item).toMatchObject({ version: 2, days: { [day]: 500 } });
  });
});
