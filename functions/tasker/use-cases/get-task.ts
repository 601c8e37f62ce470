import type { Role } from '#events';
import { TaskerError } from '../domain/errors';
import type { StoredTask, TaskerDeps } from '../domain/ports';
import { taskView, type TaskView } from '../domain/task';
import { ensureMaySee } from '../domain/visibility';

export async function findTaskOrRefuse(
  deps: Pick<TaskerDeps, 'tasks'>,
  taskId: string,
): Promise<StoredTask> {
  const found = await deps.tasks.find(taskId);
  if (!found) throw new TaskerError('task_not_found', `there is no task ${taskId}`);
  return found;
}

/**
 * One task with its price.
 * 1. read the task and its price (unknown: not found);
 * 2. decide whether the caller may see it (its assignee, or someone who sees everyone).
 */
export async function getTask(
  deps: Pick<TaskerDeps, 'tasks'>,
  input: { taskId: string; caller: { id: string; role: Role } },
): Promise<TaskView> {
  const { task, price } = await findTaskOrRefuse(deps, input.taskId);
  ensureMaySee(task, input.caller);
  return taskView(task, price);
}
