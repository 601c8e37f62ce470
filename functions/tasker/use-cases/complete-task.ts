import { failedConditions, transactWrite } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import { ensureCompletable, reassignedWhileCompleting } from '../domain/completion';
import { taskView, type TaskView } from '../domain/task';
import { completeTaskItems } from '../store/task-store';
import { findTaskOrRefuse } from './get-task';

const ATTEMPTS = 3;

/**
 * Completes a task for its current assignee. The write is conditional on the task being open
 * and the caller's; if a reshuffle or another completion got there first, the task is read
 * again and the caller learns which of them won.
 */
export async function completeTask(
  taskId: string,
  callerId: string,
  context: EventContext,
): Promise<TaskView> {
  let lostARace = false;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const { task, price } = await findTaskOrRefuse(taskId);
    if (lostARace && task.status === 'open' && task.assignee_id !== callerId)
      throw reassignedWhileCompleting();
    ensureCompletable(task, callerId);
    const now = new Date();
    try {
      await transactWrite(completeTaskItems(task, callerId, now, { ...context, now }));
      return taskView({ ...task, status: 'completed', completed_at: now.toISOString() }, price);
    } catch (error) {
      // Cancelled (condition or a concurrent transaction on the task): look again and decide.
      if (failedConditions(error) === undefined) throw error;
      lostARace = true;
    }
  }
  throw reassignedWhileCompleting();
}
