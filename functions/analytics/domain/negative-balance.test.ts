import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '#shared/time/business-day';
import {
  applyMovement,
  negativeCountFrom,
  type DatedMovement,
  type DayBalance,
} from './negative-balance';

/** The store's behaviour, in memory: day items per account, per-day deltas, applied ids. */
function model() {
  const days = new Map<string, Map<string, number>>();
  const deltas = new Map<string, number>();
  const applied = new Set<string>();
  return {
    receive(id: string, account: string, movement: DatedMovement) {
      if (applied.has(id)) return; // the consumer's marker: an event id is applied once
      applied.add(id);
      const mine = [...(days.get(account) ?? new Map<string, number>())]
        .map(([date, balance_cents]): DayBalance => ({ date, balance_cents }))
        .sort((a, b) => (a.date < b.date ? -1 : 1));
      const effect = applyMovement(movement, {
        before: mine.filter((d) => d.date < movement.date).at(-1),
        fromDay: mine.filter((d) => d.date >= movement.date),
      });
      const stored = days.get(account) ?? new Map<string, number>();
      for (const d of effect.days) stored.set(d.date, d.balance_cents);
      days.set(account, stored);
      for (const d of effect.deltas) deltas.set(d.date, (deltas.get(d.date) ?? 0) + d.delta);
    },
    countAt: (date: string) =>
      negativeCountFrom([...deltas].filter(([d]) => d <= date).map(([, delta]) => delta)),
  };
}

/** From scratch: each account's balance at the end of a day is the sum of its movements to it. */
function recount(movements: readonly Movement[], date: string) {
  const balances = new Map<string, number>();
  for (const m of movements)
    if (m.movement.date <= date)
      balances.set(m.account, (balances.get(m.account) ?? 0) + m.movement.amount_cents);
  return [...balances.values()].filter((b) => b < 0).length;
}

interface Movement {
  id: string;
  account: string;
  movement: DatedMovement;
}

const FIRST = '2026-03-01';
const day = (offset: number) => addDays(FIRST, offset);

describe('negative balances at the end of a day, from dated movements', () => {
  it('a movement on a new day starts from the previous day and counts from its day', () => {
    expect(
      applyMovement(
        { date: day(1), amount_cents: -500 },
        { before: { date: day(0), balance_cents: 200 }, fromDay: [] },
      ),
    ).toEqual({
      days: [{ date: day(1), balance_cents: -300 }],
      deltas: [{ date: day(1), delta: 1 }],
    });
  });

  it('a late movement moves its own day and every later one, and the count back where the sign returns', () => {
    // Day 0 arrives after days 1 and 2: 0 → −100 (negative from day 0), day 1: 50 → −50, day 2:
    // 150 → 50. So the account is negative on days 0 and 1, and counts again from day 2.
    expect(
      applyMovement(
        { date: day(0), amount_cents: -100 },
        {
          fromDay: [
            { date: day(1), balance_cents: 50 },
            { date: day(2), balance_cents: 150 },
          ],
        },
      ),
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
      applyMovement(
        { date: day(0), amount_cents: 10 },
        {
          fromDay: [
            { date: day(0), balance_cents: -100 },
            { date: day(3), balance_cents: 5 },
          ],
        },
      ).deltas,
    ).toEqual([]);
  });

  it('a payout dated to the closed day leaves the next day its own money', () => {
    // Day 0 ends at 300 and day 1 (already applied) at 500; the close of day 0 pays 300.
    const effect = applyMovement(
      { date: day(0), amount_cents: -300 },
      {
        fromDay: [
          { date: day(0), balance_cents: 300 },
          { date: day(1), balance_cents: 500 },
        ],
      },
    );
    expect(effect.days).toEqual([
      { date: day(0), balance_cents: 0 },
      { date: day(1), balance_cents: 200 },
    ]);
  });

  it('counts per day equal a recount from scratch, for movements in any order and repeated', () => {
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
          const movements = list.map((m, i) => ({ ...m, id: `tx-${i}` }));
          return fc.tuple(
            fc.constant(movements),
            // delivery: any order, each possibly more than once
            fc.shuffledSubarray([...movements, ...movements, ...movements], {
              minLength: movements.length * 3,
            }),
          );
        }),
        ([movements, delivery]) => {
          const m = model();
          for (const d of delivery) m.receive(d.id, d.account, d.movement);
          for (let offset = -1; offset <= 7; offset++)
            expect(m.countAt(day(offset)), day(offset)).toBe(recount(movements, day(offset)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
