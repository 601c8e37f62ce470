import { describe, expect, it } from 'vitest';
import { ensureCompletable } from './completion';
import type { Task } from './task';

const task = (status: Task['status']): Task => ({
  id: 't',
  title: 'T',
  jira_id: null,
  description: '',
  status,
  assignee_id: 'owner',
  assignment_id: 'a',
  assignment_seq: 1,
  assigned_at: '2024-01-01T00:00:00Z',
  created_at: '2024-01-01T00:00:00Z',
  completed_at: status === 'completed' ? '2024-01-02T00:00:00Z' : null,
  last_shuffle_job: null,
});

describe('who may complete a task', () => {
  it('tells anyone but the assignee "not yours", whether the task is open or completed', () => {
    for (const status of ['open', 'completed'] as const)
      expect(() => ensureCompletable(task(status), 'someone-else')).toThrow(
        expect.objectContaining({ kind: 'not_assignee', category: 'forbidden' }),
      );
  });

  it('tells only the assignee that the task is already completed', () => {
    expect(() => ensureCompletable(task('completed'), 'owner')).toThrow(
      expect.objectContaining({ kind: 'already_completed', category: 'conflict' }),
    );
    expect(() => ensureCompletable(task('open'), 'owner')).not.toThrow();
  });
});
