import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountFinedV1 } from '#events/accounting/account.fined.v1';
import { accountPaidV1 } from '#events/accounting/account.paid.v1';
import { accountRewardedV1 } from '#events/accounting/account.rewarded.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { callsDuring, readsOf, type DynamoCall } from '../../../test/support/dynamo-calls';
import { busMessageOf, published, sqsEventOf } from '../test-support/events';
import { scanTable } from '../../../test/support/table-scan';
import { createFreshTable } from '../../../test/support/tables';
import { analyticsService } from '../service';
import { buildAnalyticsDeps } from '../wiring';
import type { AnalyticsDeps } from '../domain/ports';
import { readEarningsDashboard } from '../use-cases/read-earnings-dashboard';
import { makeAnalyticsConsumer } from './on-event';

const DAY = '2026-03-03';
let deps: AnalyticsDeps;
const consumer = makeAnalyticsConsumer(
  () => deps,
  () => process.env.ANALYTICS_TABLE!,
);

beforeAll(async () => {
  process.env.ANALYTICS_TABLE = await createFreshTable(analyticsService);
  deps = buildAnalyticsDeps();
});

type MovementContract = typeof accountFinedV1 | typeof accountRewardedV1 | typeof accountPaidV1;

/** A movement of `amount` on `userId`'s account, as Accounting records it. */
const movementDataOf = (
  contract: MovementContract,
  userId: string,
  amount: number,
  hour = 10,
  day = DAY,
) => ({
  transaction_id: randomUUID(),
  user_id: userId,
  task_id: contract === accountPaidV1 ? null : randomUUID(),
  amount_cents: amount,
  balance_cents: amount,
  business_date: day,
  at: `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`,
});

/** The bus's message of `data`, published as a new event (its own event id). */
const messageOf = (contract: MovementContract, data: ReturnType<typeof movementDataOf>) =>
  busMessageOf(published(contract, data, new Date(data.at)));

/** A movement event of `amount` on `userId`'s account, as Accounting publishes it. */
const movementOf = (...args: Parameters<typeof movementDataOf>) =>
  messageOf(args[0], movementDataOf(...args));

/** Delivers the messages as one SQS batch; every record must succeed. */
async function delivered(messages: readonly string[]) {
  const result = await consumer(sqsEventOf(messages));
  expect(result.batchItemFailures).toEqual([]);
}

/** The keys a BatchGetItem asked for, as `<pk prefix> <sk prefix>`, and whether consistently. */
function askedFor({ input }: DynamoCall) {
  const [request] = Object.values(input.RequestItems as Record<string, unknown>) as [
    { Keys: { pk: string; sk: string }[]; ConsistentRead?: boolean },
  ];
  const keys = request.Keys.map((k) => `${k.pk.split('#')[0]} ${k.sk.split('#')[0]}`);
  return { keys: keys.sort(), consistent: request.ConsistentRead === true };
}

/** The partition keys a read (GetItem, BatchGetItem, Query) asked for. */
function partitionsRead({ operation, input }: DynamoCall): string[] {
  if (operation === 'BatchGetItem') {
    const requests = Object.values(
      input.RequestItems as Record<string, { Keys: { pk: string }[] }>,
    );
    return requests.flatMap((r) => r.Keys.map((k) => k.pk));
  }
  if (operation === 'GetItem') return [(input.Key as { pk: string }).pk];
  return Object.values((input.ExpressionAttributeValues ?? {}) as Record<string, unknown>).map(
    String,
  );
}

describe("Analytics' reads per movement", () => {
  it("a fee's and a payout's: one consistent BatchGetItem of the account's days, not the movement's fact", async () => {
    const popug = randomUUID();
    for (const contract of [accountFinedV1, accountPaidV1]) {
      const calls = await callsDuring(() => delivered([movementOf(contract, popug, -700)]));
      expect(readsOf(calls).map((c) => c.operation)).toEqual(['BatchGetItem']);
      expect(askedFor(readsOf(calls)[0]!)).toEqual({
        keys: ['ACCOUNT DAYS'],
        consistent: true,
      });
      // The reads come first, all of them, then the commit.
      expect(calls[0]!.operation).toBe('BatchGetItem');
    }
  });

  it("a reward's: the same call reads its day's top too", async () => {
    const calls = await callsDuring(() =>
      delivered([movementOf(accountRewardedV1, randomUUID(), 2500)]),
    );
    expect(readsOf(calls).map((c) => c.operation)).toEqual(['BatchGetItem']);
    expect(askedFor(readsOf(calls)[0]!)).toEqual({
      keys: ['ACCOUNT DAYS', 'DAY_TOPS 2026-03-03'],
      consistent: true,
    });
  });

  it('a redelivered reward: reads its account and day top, never its fact; refused at commit, it changes nothing', async () => {
    const reward = movementOf(accountRewardedV1, randomUUID(), 99_000, 11);
    await delivered([reward]);
    const before = await scanTable(process.env.ANALYTICS_TABLE!);
    const calls = await callsDuring(() => delivered([reward]));
    // One read of only its account's days and its day's top; its group's commit is refused by
    // the fact's guard, which makes it a duplicate: nothing read or written again.
    const reads = readsOf(calls);
    expect(reads.map((c) => c.operation)).toEqual(['BatchGetItem']);
    expect(askedFor(reads[0]!).keys).toEqual(['ACCOUNT DAYS', 'DAY_TOPS 2026-03-03']);
    expect(calls.filter((c) => c.operation === 'TransactWriteItems')).toHaveLength(1);
    expect(await scanTable(process.env.ANALYTICS_TABLE!)).toEqual(before);
  });

  it("a batch's movements, reacted to at once: one BatchGetItem for all of their reads", async () => {
    // Before the other cases' day, so its dashboard counts only these accounts.
    const day = '2026-03-01';
    const fees = Array.from({ length: 9 }, (_, i) =>
      movementOf(accountFinedV1, randomUUID(), -700, 8 + i, day),
    );
    const reward = movementOf(accountRewardedV1, randomUUID(), 2500, 18, day);
    const calls = await callsDuring(() => delivered([...fees, reward]));
    expect(readsOf(calls).map((c) => c.operation)).toEqual(['BatchGetItem']);
    expect(askedFor(readsOf(calls)[0]!).keys).toHaveLength(9 + 2);
    // Each reaction took its own items from the one answer: every movement counted, once.
    const dashboard = await readEarningsDashboard(
      { ...deps, clock: () => new Date('2026-03-10T12:00:00Z') },
      { date: day },
    );
    expect(dashboard).toMatchObject({
      management_earnings_cents: 9 * 700 - 2500,
      negative_balance_employees: 9,
    });
  });

  it("a batch's task facts are read with its movements: one BatchGetItem for all of them", async () => {
    const created = Array.from({ length: 3 }, (_, i) =>
      busMessageOf(
        published(
          taskCreatedV2,
          {
            id: randomUUID(),
            title: `Feed parrot ${i}`,
            jira_id: null,
            description: '',
            assignee_id: randomUUID(),
            status: 'open',
            created_at: `${DAY}T08:00:00.000Z`,
          },
          new Date(`${DAY}T08:00:00.000Z`),
        ),
      ),
    );
    const fees = Array.from({ length: 3 }, () => movementOf(accountFinedV1, randomUUID(), -700));
    const calls = await callsDuring(() => delivered([...created, ...fees]));
    expect(readsOf(calls).map((c) => c.operation)).toEqual(['BatchGetItem']);
    expect(askedFor(readsOf(calls)[0]!)).toEqual({
      keys: [...Array(3).fill('ACCOUNT DAYS'), ...Array(3).fill('TASK FACT')].sort(),
      consistent: true,
    });
    // Each task's fact has its title.
    const facts = await Promise.all(
      created.map((message) => deps.facts.find(JSON.parse(message).detail.data.id as string)),
    );
    expect(facts.map((fact) => fact?.title)).toEqual([
      'Feed parrot 0',
      'Feed parrot 1',
      'Feed parrot 2',
    ]);
  });
});

describe('a movement delivered twice', () => {
  it('is counted once, whether its copy comes in the same batch or in a later one, and its fact is never read', async () => {
    // A table of its own: the day's figures are this case's movements only.
    process.env.ANALYTICS_TABLE = await createFreshTable(analyticsService);
    deps = buildAnalyticsDeps();
    const day = '2026-03-05';
    const [kiwi, kea, tui] = [randomUUID(), randomUUID(), randomUUID()];
    const twice = movementDataOf(accountRewardedV1, kiwi, 99_000, 11, day);
    const once = messageOf(accountRewardedV1, twice);
    const calls = await callsDuring(async () => {
      // Redelivered inside its batch: the copy writes the fact its group writes, so it reads
      // again after that group commits, and its own commit is refused.
      await delivered([
        movementOf(accountFinedV1, kiwi, -1500, 9, day),
        movementOf(accountFinedV1, kea, -700, 9, day),
        once,
        movementOf(accountFinedV1, tui, -300, 10, day),
        once,
      ]);
      // Republished (another event id) in a later batch, grouped with new movements: the
      // group's commit is refused by its fact, the others commit again without it.
      await delivered([
        movementOf(accountFinedV1, tui, -200, 12, day),
        messageOf(accountRewardedV1, twice),
        movementOf(accountRewardedV1, kea, 1000, 13, day),
      ]);
    });

    const table = process.env.ANALYTICS_TABLE;
    expect(await scanTable(table, 'movement')).toHaveLength(6);
    expect(
      await readEarningsDashboard(
        { ...deps, clock: () => new Date('2026-03-10T12:00:00Z') },
        { date: day },
      ),
    ).toMatchObject({
      management_earnings_cents: 1500 + 700 + 300 + 200 - 99_000 - 1000,
      negative_balance_employees: 1, // Tui; Kiwi ends the day at 975, Kea at 3
    });
    const daysOf = (id: string) =>
      scanTable(table, 'account_days').then((items) => items.find((i) => i.pk === `ACCOUNT#${id}`));
    expect(await daysOf(kiwi)).toMatchObject({ version: 2, days: { [day]: 97_500 } });
    expect(await daysOf(kea)).toMatchObject({ version: 2, days: { [day]: 300 } });
    expect(await daysOf(tui)).toMatchObject({ version: 2, days: { [day]: -500 } });
    expect(await deps.tops.find(day)).toMatchObject({
      task_id: twice.task_id,
      reward_cents: 99_000,
    });
    const deltas = await scanTable(table, 'negative_balance_delta');
    expect(deltas.map((d) => [d.sk, d.delta])).toEqual([[day, 1]]);

    // Whether a movement was counted is never read: its fact's key is in no read.
    const read = readsOf(calls).flatMap(partitionsRead);
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((pk) => pk.startsWith('MOVEMENT#'))).toEqual([]);
  });
});
