import type { Role } from '#events';
import { TaskerError } from '../domain/errors';
import type { TaskerDeps } from '../domain/ports';
import { CONSISTENT } from '../domain/read-consistency';
import { taskView, type TaskView } from '../domain/task';
import { ensureMaySee } from '../domain/visibility';

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
  // Consistently: nothing at commit guards this answer, and a stale one could show a task the
  // caller has just completed as open, or one just created as not found.
  const found = await deps.tasks.find(input.taskId, CONSISTENT);
  if (!found) throw new TaskerError('task_not_found', `there is no task ${input.taskId}`);
  const { task, price } = found;
  ensureMaySee(task, input.caller);
  const names = await deps.people.namesOf([task.assignee_id]);
  return { ...taskView(task, price), assignee_name: names.get(task.assignee_id) ?? null };
}
