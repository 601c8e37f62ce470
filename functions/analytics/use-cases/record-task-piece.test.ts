import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cents } from '#shared/money';
import type { TaskPiece } from '../domain/task-fact';
import { memoryAnalytics } from '../test-support/memory-analytics';
import { readMostExpensive } from './most-expensive';
import { recordTaskPiece } from './record-task-piece';

const DAY = '2026-03-02';
const pieces = (id: string, reward: number): TaskPiece[] => [
  { kind: 'created', task_id: id, title: `Task ${reward}`, jira_id: null },
  { kind: 'priced', task_id: id, reward_cents: cents(reward) },
  { kind: 'completed', task_id: id, completed_at: `${DAY}T10:00:00.000Z`, completed_on: DAY },
];

describe('recordTaskPiece, then the most expensive task', () => {
  it("ranks a task once all its pieces arrived, in any order, and keeps the day's dearest", async () => {
    const memory = memoryAnalytics();
    const react = (piece: TaskPiece) =>
      memory.react((deps, changes) => recordTaskPiece(deps, changes, piece));
    const [dear, cheap] = [randomUUID(), randomUUID()];
    const [created, priced, completed] = pieces(dear, 3900);
    await react(completed!);
    expect((await readMostExpensive(memory.deps, { period: 'day', date: DAY })).top).toBeNull();
    await react(priced!);
    await react(created!);
    await react(completed!); // a redelivery changes nothing
    for (const piece of pieces(cheap, 2100).reverse()) await react(piece);
    const answer = await readMostExpensive(memory.deps, { period: 'day', date: DAY });
    expect(answer.top).toMatchObject({ task_id: dear, reward_cents: 3900, title: 'Task 3900' });
  });
});
