import { describe, expect, it } from 'vitest';
import { cents } from '#shared/money';
import { emptyFact, mergePiece, readyToRank, type TaskFact, type TaskPiece } from './task-fact';

const ID = '3f2b1c9e-8d7a-4b6c-9e5f-1a2b3c4d5e6f';
const pieces: TaskPiece[] = [
  { kind: 'created', task_id: ID, title: 'Fix beak', jira_id: 'UBERPOP-42' },
  { kind: 'priced', task_id: ID, reward_cents: cents(2800) },
  {
    kind: 'completed',
    task_id: ID,
    completed_at: '2026-03-03T10:00:00Z',
    completed_on: '2026-03-03',
  },
];

const mergeAll = (order: TaskPiece[]) =>
  order.reduce<TaskFact>((fact, piece) => mergePiece(fact, piece).fact, emptyFact(ID));

describe('a task fact', () => {
  it('is ready to rank only when title, price and completion are all in, in any order', () => {
    const orders = [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
      [2, 0, 1],
    ].map((order) => order.map((i) => pieces[i]!));
    for (const order of orders) {
      expect(readyToRank(mergeAll(order.slice(0, 2)))).toBeUndefined();
      expect(readyToRank(mergeAll(order))).toEqual({
        task_id: ID,
        title: 'Fix beak',
        jira_id: 'UBERPOP-42',
        reward_cents: 2800,
        completed_at: '2026-03-03T10:00:00Z',
        completed_on: '2026-03-03',
      });
    }
  });

  it('keeps the first value of each piece: a repeat changes nothing', () => {
    const fact = mergeAll(pieces);
    expect(mergePiece(fact, { kind: 'priced', task_id: ID, reward_cents: cents(4000) })).toEqual({
      fact,
      changed: false,
    });
    expect(mergePiece(fact, pieces[0]!).changed).toBe(false);
  });

  it('is offered to its day once: a counted fact is not ready again', () => {
    const counted = { ...mergeAll(pieces), counted_on: '2026-03-03' };
    expect(readyToRank(counted)).toBeUndefined();
  });
});
