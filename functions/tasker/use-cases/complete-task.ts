import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { METRIC } from '#shared/metrics/catalog';
import { recordMetric } from '#shared/metrics/metrics';
import { CommitConflict, ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { ensureCompletable, reassignedWhileCompleting } from '../domain/completion';
import { TaskerError } from '../domain/errors';
import type { TaskerDeps } from '../domain/ports';
import { taskView, type TaskView } from '../domain/task';

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
  deps: Pick<TaskerDeps, 'unitOfWork' | 'tasks' | 'clock'>,
  input: { taskId: string; callerId: string },
  context: { correlationId: string },
): Promise<TaskView> {
  let lostARace = false;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const found = await deps.tasks.find(input.taskId);
    if (!found) throw new TaskerError('task_not_found', `there is no task ${input.taskId}`);
    const { task, price } = found;
    if (lostARace && task.status === 'open' && task.assignee_id !== input.callerId)
      throw reassignedWhileCompleting();
    ensureCompletable(task, input.callerId);
    const now = deps.clock();
    const changes = deps.unitOfWork.begin({ correlationId: context.correlationId, now });
    deps.tasks.completed(changes, task, input.callerId, now);
    changes.publish(taskCompletedV1, {
      id: task.id,
      user_id: input.callerId,
      completed_at: now.toISOString(),
    });
    try {
      await deps.unitOfWork.commit(changes);
      recordMetric(METRIC.tasksCompleted);
      return taskView({ ...task, status: 'completed', completed_at: now.toISOString() }, price);
    } catch (error) {
      const lost =
        (error instanceof ConditionsFailed && error.failed('task_is_open_and_callers')) ||
        error instanceof CommitConflict;
      if (!lost) throw error;
      lostARace = true;
    }
  }
  throw reassignedWhileCompleting();
}
