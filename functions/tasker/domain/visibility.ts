import type { Role } from '#events';
import { TaskerError } from './errors';
import type { Task } from './task';

const OVERSEERS: readonly Role[] = ['manager', 'admin'];

/** Managers and admins oversee the work (they press Reshuffle): they see every task and list. */
export const seesEveryone = (role: Role) => OVERSEERS.includes(role);

/** Employees see the tasks assigned to them; those who see everyone see every task. */
export function ensureMaySee(task: Task, caller: { id: string; role: Role }): void {
  if (!seesEveryone(caller.role) && task.assignee_id !== caller.id)
    throw new TaskerError('not_your_task', 'this task is assigned to another employee');
}
