import type { Role } from '#events';
import { Refusal } from '#shared/refusal';
import { taskView, type TaskView } from '../domain/task';
import { findTask } from '../store/task-store';

export async function findTaskOrRefuse(taskId: string) {
  const found = await findTask(taskId);
  if (!found) throw new Refusal('not_found', 'task_not_found', `there is no task ${taskId}`);
  return found;
}

/** Employees see the tasks assigned to them; managers and admins see every task. */
export async function getTask(
  taskId: string,
  caller: { id: string; role: Role },
): Promise<TaskView> {
  const { task, price } = await findTaskOrRefuse(taskId);
  const oversees = caller.role === 'manager' || caller.role === 'admin';
  if (!oversees && task.assignee_id !== caller.id)
    throw new Refusal('forbidden', 'not_your_task', 'this task is assigned to another employee');
  return taskView(task, price);
}
