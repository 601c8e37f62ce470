import { describe, expect, it } from 'vitest';
import { addDays, datesBetween } from '#shared/time/business-day';
import {
  decideBalanceChange,
  negativeCountFrom,
  type BalanceChange,
  type DayBalance,
} from './negative-balance';

/** The store's behaviour, in memory: day items per account and the per-day deltas. */
function model() {
  const days = new Map<string, Map<string, DayBalance>>();
  const deltas = new Map<string, number>();
  return {
    receive(account: string, change: BalanceChange) {
      const mine = [...(days.get(account) ?? new Map<string, DayBalance>()).values()];
      const decision = decideBalanceChange(change, {
        sameDay: mine.find((d) => d.date === change.date),
        before: mine
          .filter((d) => d.date < change.date)
          .sort((a, b) => (a.date < b.date ? 1 : -1))[0],
        after: mine
          .filter((d) => d.date > change.date)
          .sort((a, b) => (a.date < b.date ? -1 : 1))[0],
      });
      if (!decision.apply) return;
      days.set(account, (days.get(account) ?? new Map()).set(change.date, decision.dayBalance));
      for (const d of decision.deltas) deltas.set(d.date, (deltas.get(d.date) ?? 0) + d.delta);
    },
    countAt: (date: string) =>
      negativeCountFrom([...deltas].filter(([d]) => d <= date).map(([, delta]) => delta)),
  };
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('negative balances at the end of a day', () => {
  it('counts an account from the day it went negative until the day it recovered', () => {
    const m = model();
    m.receive('a', { date: '2026-03-01', revision: 1, balance_cents: -500 });
    m.receive('a', { date: '2026-03-03', revision: 2, balance_cents: 200 });
    m.receive('b', { date: '2026-03-02', revision: 1, balance_cents: -100 });
    expect(['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03'].map(m.countAt)).toEqual([
      0, 1, 2, 1,
    ]);
  });

  it('lets a late change fix its own days without touching the days after it', () => {
    const m = model();
    m.receive('a', { date: '2026-03-03', revision: 3, balance_cents: 100 });
    m.receive('a', { date: '2026-03-01', revision: 1, balance_cents: -100 }); // late
    expect(['2026-03-01', '2026-03-02', '2026-03-03'].map(m.countAt)).toEqual([1, 1, 0]);
  });

  it('never lets an older revision of a day overwrite a newer one', () => {
    const m = model();
    m.receive('a', { date: '2026-03-01', revision: 2, balance_cents: 300 });
    m.receive('a', { date: '2026-03-01', revision: 1, balance_cents: -300 });
    expect(m.countAt('2026-03-01')).toBe(0);
    expect(
      decideBalanceChange(
        { date: '2026-03-01', revision: 1, balance_cents: -300 },
        { sameDay: { date: '2026-03-01', revision: 2, balance_cents: 300 } },
      ),
    ).toEqual({ apply: false, reason: 'older_revision' });
  });

  it('gives the counts of the true history whatever the order and repetitions of delivery', () => {
    const start = '2026-03-01';
    const dates = datesBetween(start, addDays(start, 9));
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const history: Array<{ account: string; change: BalanceChange }> = [];
      for (const account of ['a', 'b', 'c', 'd', 'e']) {
        let day = 0;
        for (let revision = 1; revision <= 8; revision++) {
          day += Math.floor(next() * 2); // several changes may share a day
          history.push({
            account,
            change: {
              date: addDays(start, Math.min(day, 9)),
              revision,
              balance_cents: Math.floor(next() * 2000) - 1000,
            },
          });
        }
      }
      const truth = (date: string) =>
        ['a', 'b', 'c', 'd', 'e'].filter((account) => {
          const known = history.filter((h) => h.account === account && h.change.date <= date);
          return (known.at(-1)?.change.balance_cents ?? 0) < 0;
        }).length;

      const deliveries = [...history, ...history.filter(() => next() < 0.3)];
      deliveries.sort(() => next() - 0.5);
      const m = model();
      for (const { account, change } of deliveries) m.receive(account, change);
      expect(dates.map(m.countAt), `seed ${seed}`).toEqual(dates.map(truth));
    }
  });
});
