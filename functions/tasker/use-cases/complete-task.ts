import { commit, ConditionsFailed, isTransactionConflict } from '#shared/dynamo';
import { METRIC } from '#shared/metrics/catalog';
import { recordMetric } from '#shared/metrics/metrics';
import type { EventContext } from '#shared/outbox/outbox';
import { ensureCompletable, reassignedWhileCompleting } from '../domain/completion';
import type { TaskerDeps } from '../domain/ports';
import { taskView, type TaskView } from '../domain/task';
import { findTaskOrRefuse } from './get-task';

const ATTEMPTS = 3;

/**
 * Completes a task for its current assignee.
 * 1. read the task (unknown: not found);
 * 2. decide: only its assignee, only once (someone else: 403 whatever its state);
 * 3. commit the completion with `task.completed`, conditional on the task being open and the
 *    caller's. If a reshuffle or another completion got there first, read again and tell the
 *    caller which of them won.
 */
export async function completeTask(
  deps: Pick<TaskerDeps, 'tasks' | 'clock'>,
  input: { taskId: string; callerId: string },
  context: EventContext,
): Promise<TaskView> {
  let lostARace = false;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const { task, price } = await findTaskOrRefuse(deps, input.taskId);
    if (lostARace && task.status === 'open' && task.assignee_id !== input.callerId)
      throw reassignedWhileCompleting();
    ensureCompletable(task, input.callerId);
    const now = deps.clock();
    try {
      await commit(deps.tasks.completed(task, input.callerId, now, { ...context, now }));
      recordMetric(METRIC.tasksCompleted);
      return taskView({ ...task, status: 'completed', completed_at: now.toISOString() }, price);
    } catch (error) {
      const lost =
        (error instanceof ConditionsFailed && error.failed('task_is_open_and_callers')) ||
        isTransactionConflict(error);
      if (!lost) throw error;
      lostARace = true;
    }
  }
  throw reassignedWhileCompleting();
}
