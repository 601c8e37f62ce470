import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountFinedV1 } from '#events/accounting/account.fined.v1';
import { accountPaidV1 } from '#events/accounting/account.paid.v1';
import { accountRewardedV1 } from '#events/accounting/account.rewarded.v1';
import { callsDuring, readsOf, type DynamoCall } from '../../../test/support/dynamo-calls';
import { busMessageOf, published, sqsEventOf } from '../test-support/events';
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

/** A movement event of `amount` on `userId`'s account, as Accounting publishes it. */
const movementOf = (
  contract: MovementContract,
  userId: string,
  amount: number,
  hour = 10,
  day = DAY,
) => {
  const at = `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  const data = {
    transaction_id: randomUUID(),
    user_id: userId,
    task_id: contract === accountPaidV1 ? null : randomUUID(),
    amount_cents: amount,
    balance_cents: amount,
    business_date: day,
    at,
  };
  return busMessageOf(published(contract, data, new Date(at)));
};

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

describe("Analytics' reads per movement", () => {
  it("a fee's and a payout's: one consistent BatchGetItem of the movement's fact and the account's days", async () => {
    const popug = randomUUID();
    for (const contract of [accountFinedV1, accountPaidV1]) {
      const calls = await callsDuring(() => delivered([movementOf(contract, popug, -700)]));
      expect(readsOf(calls).map((c) => c.operation)).toEqual(['BatchGetItem']);
      expect(askedFor(readsOf(calls)[0]!)).toEqual({
        keys: ['ACCOUNT DAYS', 'MOVEMENT FACT'],
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
      keys: ['ACCOUNT DAYS', 'DAY_TOPS 2026-03-03', 'MOVEMENT FACT'],
      consistent: true,
    });
  });

  it('a redelivered reward: one read finds it counted, and its day top is not offered again', async () => {
    const reward = movementOf(accountRewardedV1, randomUUID(), 99_000, 11);
    await delivered([reward]);
    const calls = await callsDuring(() => delivered([reward]));
    expect(readsOf(calls).map((c) => c.operation)).toEqual(['BatchGetItem']);
    const written = JSON.stringify(calls.filter((c) => !readsOf([c]).length));
    expect(written).not.toContain('"record_type":"day_top"');
    expect(written).not.toContain('"record_type":"movement"');
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
    expect(askedFor(readsOf(calls)[0]!).keys).toHaveLength(9 * 2 + 3);
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
});
