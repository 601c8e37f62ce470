import { Refusal } from '#shared/refusal';
import type { Task } from './task';

/** Only the current assignee completes a task, and only once. Throws the refusal otherwise. */
export function ensureCompletable(task: Task, callerId: string): void {
  if (task.status === 'completed')
    throw new Refusal('conflict', 'already_completed', 'this task is already completed');
  if (task.assignee_id !== callerId)
    throw new Refusal(
      'forbidden',
      'not_assignee',
      'only the employee this task is assigned to can complete it',
    );
}

/**
 * The completion lost a race with a reshuffle that moved the task to someone else: one outcome,
 * the move, and the caller is told why.
 */
export const reassignedWhileCompleting = () =>
  new Refusal(
    'conflict',
    'task_reassigned',
    'a reshuffle moved this task to another employee while you were completing it; it is no longer yours',
  );
