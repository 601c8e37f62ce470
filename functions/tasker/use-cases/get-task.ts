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
 * One task with its price and its assignee's name.
 * 1. read the task and its price (unknown: not found);
 * 2. decide whether the caller may see it (its assignee, or someone who sees everyone);
 * 3. read the assignee's name (null until Tasker has heard of them from Auth).
 */
export async function getTask(
  deps: Pick<TaskerDeps, 'tasks' | 'people'>,
  input: { taskId: string; caller: { id: string; role: Role } },
): Promise<TaskView & { assignee_name: string | null }> {
  const { task, price } = await findTaskOrRefuse(deps, input.taskId);
  ensureMaySee(task, input.caller);
  const names = await deps.people.namesOf([task.assignee_id]);
  return { ...taskView(task, price), assignee_name: names.get(task.assignee_id) ?? null };
}
