import { describe, expect, it } from 'vitest';
import { pieceOf } from './task-pieces';

const ID = '3f2b1c9e-8d7a-4b6c-9e5f-1a2b3c4d5e6f';

describe("a producer's event as a piece of a task's fact", () => {
  it('counts a completion on the business date of its own time, in the business zone', () => {
    const data = { id: ID, user_id: ID, completed_at: '2026-03-01T22:30:00Z' };
    expect(pieceOf.completed(data, 'UTC')).toMatchObject({ completed_on: '2026-03-01' });
    expect(pieceOf.completed(data, 'Europe/Moscow')).toMatchObject({ completed_on: '2026-03-02' });
    expect(pieceOf.completed(data, 'America/New_York')).toMatchObject({
      completed_on: '2026-03-01',
    });
  });

  it('takes the jira id out of a v1 title, and leaves a bracket that is not one', () => {
    const metadata = { event_time: '2026-03-01T09:00:00Z' } as never;
    expect(
      pieceOf.createdV1({ id: ID, title: '[UBERPOP-42] Fix beak', description: '' }, metadata),
    ).toEqual({ kind: 'created', task_id: ID, title: 'Fix beak', jira_id: 'UBERPOP-42' });
    expect(
      pieceOf.createdV1({ id: ID, title: '[urgent] Fix beak', description: '' }, metadata),
    ).toEqual({ kind: 'created', task_id: ID, title: '[urgent] Fix beak', jira_id: null });
  });
});
