import { TaskerError } from './errors';
import type { Task } from './task';

/**
 * Only the current assignee completes a task, and only once. Whose it is comes first: anyone
 * else gets the same 403 as reading it would give, never a 409 that reveals its state.
 */
export function ensureCompletable(task: Task, callerId: string): void {
  if (task.assignee_id !== callerId)
    throw new TaskerError(
      'not_assignee',
      'only the employee this task is assigned to can complete it',
    );
  if (task.status === 'completed')
    throw new TaskerError('already_completed', 'this task is already completed');
}

/**
 * The completion lost a race with a reshuffle that moved the task to someone else: one outcome,
 * the move, and the caller is told why.
 */
export const reassignedWhileCompleting = () =>
  new TaskerError(
    'task_reassigned',
    'a reshuffle moved this task to another employee while you were completing it; it is no longer yours',
  );
