import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { METRIC } from '#shared/metrics/catalog';
import { recordMetric } from '#shared/metrics/metrics';
import { CommitConflict, ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { ensureCompletable, reassignedWhileCompleting } from '../domain/completion';
import { TaskerError } from '../domain/errors';
import type { StoredTask, TaskerDeps } from '../domain/ports';
import { CONSISTENT } from '../domain/read-consistency';
import { taskView, type TaskView } from '../domain/task';
import { decideOnCheapRead } from './cheap-read-first';

const ATTEMPTS = 3;

/**
 * Completes a task for its current assignee.
 * 1. read the task (unknown: not found), eventually consistent: the commit's condition guards
 *    what it lets through, and a refusal is decided again on a consistent read, so a stale read
 *    (a task created, or moved to the caller, a moment ago) never refuses the caller wrongly;
 * 2. decide: only its assignee, only once (someone else: 403 whatever its state);
 * 3. commit the completion with `task.completed`, conditional on the task being open and the
 *    caller's. If a reshuffle or another completion got there first (or the read was stale),
 *    read again, consistently, and tell the caller which of them won.
 */
export async function completeTask(
  deps: Pick<TaskerDeps, 'unitOfWork' | 'tasks' | 'clock'>,
  input: { taskId: string; callerId: string },
  context: { correlationId: string },
): Promise<TaskView> {
  let lostARace = false;
  const completable = (found: StoredTask | undefined): StoredTask => {
    if (!found) throw new TaskerError('task_not_found', `there is no task ${input.taskId}`);
    if (lostARace && found.task.status === 'open' && found.task.assignee_id !== input.callerId)
      throw reassignedWhileCompleting();
    ensureCompletable(found.task, input.callerId);
    return found;
  };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const { task, price } = lostARace
      ? completable(await deps.tasks.find(input.taskId, CONSISTENT))
      : await decideOnCheapRead((read) => deps.tasks.find(input.taskId, read), completable);
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
