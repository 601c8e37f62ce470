import { describe, expect, it } from 'vitest';
import { taskCreatedOf } from './task-created';

const ID = '3f2b1c9e-8d7a-4b6c-9e5f-1a2b3c4d5e6f';

describe('task.created as what Analytics keeps of it', () => {
  it('takes the jira id out of a v1 title, and leaves a bracket that is not one', () => {
    const metadata = { event_time: '2026-03-01T09:00:00Z' } as never;
    expect(
      taskCreatedOf.v1({ id: ID, title: '[UBERPOP-42] Fix beak', description: '' }, metadata),
    ).toEqual({ task_id: ID, title: 'Fix beak', jira_id: 'UBERPOP-42' });
    expect(
      taskCreatedOf.v1({ id: ID, title: '[urgent] Fix beak', description: '' }, metadata),
    ).toEqual({ task_id: ID, title: '[urgent] Fix beak', jira_id: null });
  });
});
