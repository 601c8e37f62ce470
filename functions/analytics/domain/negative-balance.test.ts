import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '#shared/time/business-day';
import {
  applyMovement,
  negativeCountFrom,
  type DatedMovement,
  type DayBalance,
} from './negative-balance';

interface Movement {
  transaction_id: string;
  account: string;
  movement: DatedMovement;
}

/**
 * The store's behaviour, in memory: each account's days, the per-day deltas and the movements
 * already counted (a movement is applied once, whichever event carries it, however often).
 */
function model() {
  const days = new Map<string, DayBalance[]>();
  const deltas = new Map<string, number>();
  const counted = new Set<string>();
  return {
    receive({ transaction_id, account, movement }: Movement) {
      if (counted.has(transaction_id)) return;
      counted.add(transaction_id);
      const effect = applyMovement(movement, days.get(account) ?? []);
      days.set(account, effect.days);
      for (const d of effect.deltas) deltas.set(d.date, (deltas.get(d.date) ?? 0) + d.delta);
    },
    countAt: (date: string) =>
      negativeCountFrom([...deltas].filter(([d]) => d <= date).map(([, delta]) => delta)),
    days,
  };
}

/** From scratch: an account's balance at the end of a day is the sum of its movements to it. */
function balancesAt(movements: readonly Movement[], date: string) {
  const balances = new Map<string, number>();
  for (const m of movements)
    if (m.movement.date <= date)
      balances.set(m.account, (balances.get(m.account) ?? 0) + m.movement.amount_cents);
  return balances;
}
const recount = (movements: readonly Movement[], date: string) =>
  [...balancesAt(movements, date).values()].filter((b) => b < 0).length;

const FIRST = '2026-03-01';
const day = (offset: number) => addDays(FIRST, offset);

describe('negative balances at the end of a day, from dated movements', () => {
  it('a movement on a new day starts from the previous day and counts from its day', () => {
    expect(
      applyMovement({ date: day(1), amount_cents: -500 }, [{ date: day(0), balance_cents: 200 }]),
    ).toEqual({
      days: [
        { date: day(0), balance_cents: 200 },
        { date: day(1), balance_cents: -300 },
      ],
      deltas: [{ date: day(1), delta: 1 }],
    });
  });

  it('a late movement moves its own day and every later one, and the count back where the sign returns', () => {
    // Day 0 arrives after days 1 and 2: 0 → −100 (negative from day 0), day 1: 50 → −50, day 2:
    // 150 → 50. So the account is negative on days 0 and 1, and no longer from day 2.
    expect(
      applyMovement({ date: day(0), amount_cents: -100 }, [
        { date: day(1), balance_cents: 50 },
        { date: day(2), balance_cents: 150 },
      ]),
    ).toEqual({
      days: [
        { date: day(0), balance_cents: -100 },
        { date: day(1), balance_cents: -50 },
        { date: day(2), balance_cents: 50 },
      ],
      deltas: [
        { date: day(0), delta: 1 },
        { date: day(2), delta: -1 },
      ],
    });
  });

  it('a movement that flips no sign changes no delta', () => {
    expect(
      applyMovement({ date: day(0), amount_cents: 10 }, [
        { date: day(0), balance_cents: -100 },
        { date: day(3), balance_cents: 5 },
      ]).deltas,
    ).toEqual([]);
  });

  it('a payout dated to the closed day (run on the next) leaves the next day its own money', () => {
    // Day 0 ends at 300 and day 1 (already applied) at 500; the close of day 0 pays 300.
    const effect = applyMovement({ date: day(0), amount_cents: -300 }, [
      { date: day(0), balance_cents: 300 },
      { date: day(1), balance_cents: 500 },
    ]);
    expect(effect).toEqual({
      days: [
        { date: day(0), balance_cents: 0 },
        { date: day(1), balance_cents: 200 },
      ],
      deltas: [],
    });
  });

  it('counts and day balances equal a recount from scratch, for movements in any order and repeated', () => {
    const movement = fc.record({
      account: fc.constantFrom('kiwi', 'kea', 'kaka'),
      movement: fc.record({
        date: fc.integer({ min: 0, max: 6 }).map(day),
        amount_cents: fc.integer({ min: -500, max: 500 }).filter((a) => a !== 0),
      }),
    });
    fc.assert(
      fc.property(
        fc.array(movement, { maxLength: 30 }).chain((list) => {
          const movements = list.map((m, i) => ({ ...m, transaction_id: `tx-${i}` }));
          // Delivery: any order, each movement one to three times.
          return fc.tuple(
            fc.constant(movements),
            fc.shuffledSubarray([...movements, ...movements, ...movements], {
              minLength: movements.length * 3,
            }),
            fc.array(fc.integer({ min: 0, max: 2 }), {
              minLength: movements.length * 3,
              maxLength: movements.length * 3,
            }),
          );
        }),
        ([movements, shuffled, skips]) => {
          // Drop some copies, but never every copy of a movement (the first of each stays).
          const seen = new Set<string>();
          const delivery = shuffled.filter((m, i) => {
            const first = !seen.has(m.transaction_id);
            seen.add(m.transaction_id);
            return first || skips[i] !== 0;
          });
          const m = model();
          for (const d of delivery) m.receive(d);
          for (let offset = -1; offset <= 7; offset++)
            expect(m.countAt(day(offset)), day(offset)).toBe(recount(movements, day(offset)));
          for (const [account, days] of m.days)
            for (const d of days)
              expect(d.balance_cents, `${account} ${d.date}`).toBe(
                balancesAt(movements, d.date).get(account),
              );
        },
      ),
      { numRuns: 300 },
    );
  });
});
