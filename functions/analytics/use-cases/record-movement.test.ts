import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memoryAnalytics } from '../test-support/memory-analytics';
import { readEarningsDashboard } from './read-earnings-dashboard';
import { recordMovement } from './record-movement';

const movement = (user_id: string, amount: number, business_date: string) => ({
  transaction_id: randomUUID(),
  user_id,
  task_id: randomUUID(),
  amount_cents: amount,
  balance_cents: amount,
  business_date,
  at: `${business_date}T10:00:00Z`,
});

describe('recordMovement, then the dashboard', () => {
  it("counts fees as management's gain and rewards as its cost, each movement once", async () => {
    const memory = memoryAnalytics();
    const react = (kind: 'fine' | 'reward' | 'payout', data: ReturnType<typeof movement>) =>
      memory.react((deps, changes) => recordMovement(deps, changes, kind, data));
    const kiwi = randomUUID();
    const fee = movement(kiwi, -1500, '2026-03-02');
    await react('fine', fee);
    // A redelivery (under any event id): refused at commit by its fact's guard, counted once.
    await expect(react('fine', fee)).rejects.toMatchObject({
      guards: ['movement_not_counted_yet'],
    });
    await react('reward', movement(kiwi, 4000, '2026-03-02'));
    await react('payout', movement(kiwi, -2500, '2026-03-02'));
    expect(await readEarningsDashboard(memory.deps, { date: '2026-03-02' })).toEqual({
      date: '2026-03-02',
      management_earnings_cents: -2500,
      negative_balance_employees: 0,
    });
  });

  it('changes nothing when a movement comes again: days, shares, deltas and top as they were', async () => {
    const memory = memoryAnalytics();
    const react = (kind: 'fine' | 'reward' | 'payout', data: ReturnType<typeof movement>) =>
      memory.react((deps, changes) => recordMovement(deps, changes, kind, data));
    const kaka = randomUUID();
    // Negative on the 2nd (a delta of +1), positive again from the 3rd (-1), a top on the 3rd.
    const sent = [
      ['fine', movement(kaka, -1500, '2026-03-02')],
      ['reward', movement(kaka, 4000, '2026-03-03')],
      ['payout', movement(kaka, -2500, '2026-03-03')],
    ] as const;
    for (const [kind, data] of sent) await react(kind, data);
    const state = () =>
      structuredClone({
        facts: memory.earnings.movements.values(),
        shards: memory.earnings.shards.values(),
        days: memory.balances.accounts.values(),
        deltas: memory.balances.deltas.values(),
        tops: memory.tops.tops.values(),
      });
    const before = state();
    expect(before).toMatchObject({
      days: [{ days: [{ balance_cents: -1500 }, { balance_cents: 0 }], version: 3 }],
      deltas: [{ delta: 1 }, { delta: -1 }],
      tops: [{ task_id: sent[1][1].task_id, reward_cents: 4000 }],
    });
    // Each again, oldest last (replayed, redelivered, late): each refused by its fact's guard.
    for (const [kind, data] of sent.toReversed()) {
      await expect(react(kind, data)).rejects.toMatchObject({
        guards: ['movement_not_counted_yet'],
      });
    }
    expect(state()).toEqual(before);
  });

  it('counts an employee negative from the day of a late, earlier-dated movement', async () => {
    const memory = memoryAnalytics();
    const react = (kind: 'fine' | 'reward', data: ReturnType<typeof movement>) =>
      memory.react((deps, changes) => recordMovement(deps, changes, kind, data));
    const kea = randomUUID();
    await react('reward', movement(kea, 1000, '2026-03-03'));
    await react('fine', movement(kea, -800, '2026-03-01'));
    const negative = async (date: string) =>
      (await readEarningsDashboard(memory.deps, { date })).negative_balance_employees;
    expect([await negative('2026-02-28'), await negative('2026-03-01')]).toEqual([0, 1]);
    expect([await negative('2026-03-02'), await negative('2026-03-03')]).toEqual([1, 0]);
  });

  it('refuses the slower of two movements of one account read at once; its retry counts right', async () => {
    const memory = memoryAnalytics();
    const kaka = randomUUID();
    const [first, second] = [
      memory.unitOfWork.begin({ correlationId: 'a' }),
      memory.unitOfWork.begin({ correlationId: 'b' }),
    ];
    const late = movement(kaka, 1000, '2026-03-02');
    await Promise.all([
      recordMovement(memory.deps, first, 'fine', movement(kaka, -1500, '2026-03-02')),
      recordMovement(memory.deps, second, 'reward', late),
    ]);
    await memory.unitOfWork.commit(first);
    await expect(memory.unitOfWork.commit(second)).rejects.toMatchObject({
      guards: ['account_unchanged'],
    });
    const retry = memory.unitOfWork.begin({ correlationId: 'b' });
    await recordMovement(memory.deps, retry, 'reward', late);
    await memory.unitOfWork.commit(retry);
    expect(memory.balances.accounts.get(kaka)).toMatchObject({
      days: [{ date: '2026-03-02', balance_cents: -500 }],
    });
  });
});
