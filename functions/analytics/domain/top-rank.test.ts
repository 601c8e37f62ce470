import { describe, expect, it } from 'vitest';
import { cents } from '#shared/money';
import type { DayTop } from './task-fact';
import { beats, rankKey, rewardTop, topOf } from './top-rank';

const task = (id: string, dollars: number, completedAt: string): DayTop => ({
  task_id: id,
  reward_cents: cents(dollars * 100),
  completed_at: completedAt,
  completed_on: completedAt.slice(0, 10),
});

const ID_A = '00000000-0000-4000-8000-00000000000a';
const ID_B = '00000000-0000-4000-8000-00000000000b';
const ID_F = 'ffffffff-0000-4000-8000-000000000000';

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('the most expensive task rule', () => {
  it('lets the higher reward win whatever the times and ids', () => {
    const cheap = task(ID_A, 23, '2026-03-01T08:00:00Z');
    const dear = task(ID_F, 38, '2026-03-01T17:00:00Z');
    expect(beats(dear, cheap)).toBe(true);
    expect(beats(cheap, dear)).toBe(false);
    expect(beats(cheap, undefined)).toBe(true);
  });

  it('breaks a tie on reward by the earlier completion, then by the smaller task id', () => {
    const early = task(ID_F, 30, '2026-03-01T08:00:00Z');
    const late = task(ID_A, 30, '2026-03-01T09:00:00Z');
    expect(topOf([late, early])).toBe(early);
    const sameTimeA = task(ID_A, 30, '2026-03-01T08:00:00Z');
    const sameTimeB = task(ID_B, 30, '2026-03-01T08:00:00Z');
    expect(topOf([sameTimeB, sameTimeA])).toBe(sameTimeA);
    expect(beats(sameTimeA, sameTimeA)).toBe(false); // a task never beats itself: no rewrite
  });

  it('orders rank keys as strings exactly as the rule orders tasks (DynamoDB compares strings)', () => {
    const tasks = [
      task(ID_A, 20, '2026-03-01T08:00:00Z'),
      task(ID_B, 40, '2026-03-01T23:59:59.999Z'),
      task(ID_A, 40, '2026-03-01T23:59:59.999Z'),
      task(ID_F, 40, '2026-03-01T00:00:00Z'),
      task(ID_B, 100, '2026-03-01T12:00:00Z'),
    ];
    const byKey = [...tasks].sort((a, b) => (rankKey(a) < rankKey(b) ? 1 : -1));
    expect(byKey.map((t) => [t.reward_cents, t.completed_at, t.task_id])).toEqual([
      [10000, '2026-03-01T12:00:00Z', ID_B],
      [4000, '2026-03-01T00:00:00Z', ID_F],
      [4000, '2026-03-01T23:59:59.999Z', ID_A],
      [4000, '2026-03-01T23:59:59.999Z', ID_B],
      [2000, '2026-03-01T08:00:00Z', ID_A],
    ]);
  });

  it('picks the same winner in every arrival order', () => {
    const tasks = [
      task(ID_A, 30, '2026-03-01T09:00:00Z'),
      task(ID_B, 30, '2026-03-01T08:00:00Z'),
      task(ID_F, 30, '2026-03-01T08:00:00Z'),
      task(ID_A, 12, '2026-03-01T07:00:00Z'),
    ];
    const winners = new Set(permutations(tasks).map((order) => topOf(order)));
    expect([...winners]).toEqual([tasks[1]]);
  });

  it("ranks a reward as its task's completion, on the business date Accounting gave it", () => {
    // Completed at 22:30 UTC in Moscow's business zone: Accounting dates it the next day.
    const reward = {
      task_id: ID_A,
      amount_cents: 3800,
      at: '2026-03-01T22:30:00Z',
      business_date: '2026-03-02',
    };
    expect(rewardTop(reward)).toEqual({
      task_id: ID_A,
      reward_cents: 3800,
      completed_at: '2026-03-01T22:30:00Z',
      completed_on: '2026-03-02',
    });
    expect(rewardTop({ ...reward, task_id: null })).toBeUndefined();
  });
});
