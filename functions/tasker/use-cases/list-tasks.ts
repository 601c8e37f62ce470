import type { Role } from '#events';
import { resolveListScope } from '../domain/listing';
import { taskView, type TaskStatus } from '../domain/task';
import { listTasks } from '../store/list-store';
import { pricesOf } from '../store/task-store';

export interface ListQuery {
  assignee?: string;
  status?: TaskStatus;
  limit: number;
  cursor?: string;
}

/** One page of tasks with their prices merged in, and the cursor of the next page. */
export async function listTaskPage(caller: { id: string; role: Role }, query: ListQuery) {
  const scope = resolveListScope(caller, query);
  const page = await listTasks(scope, query.limit, query.cursor);
  const prices = await pricesOf(page.tasks.map((task) => task.id));
  return {
    tasks: page.tasks.map((task) => taskView(task, prices.get(task.id))),
    next_cursor: page.nextCursor,
  };
}
