import type { Role } from '#events';
import { resolveListScope } from '../domain/listing';
import type { TaskerDeps } from '../domain/ports';
import { taskView, type TaskStatus } from '../domain/task';

export interface ListQuery {
  assignee?: string;
  status?: TaskStatus;
  limit: number;
  cursor?: string;
}

/**
 * One page of tasks with their prices and their assignees' names merged in, and the cursor of
 * the next page.
 * 1. decide whose tasks the caller may list (their own, or anyone's if they see everyone);
 * 2. read a page of that list, then the prices of its tasks and the names of their assignees.
 */
export async function listTaskPage(
  deps: Pick<TaskerDeps, 'tasks' | 'people'>,
  input: { caller: { id: string; role: Role }; query: ListQuery },
) {
  const scope = resolveListScope(input.caller, input.query);
  const page = await deps.tasks.list(scope, input.query.limit, input.query.cursor);
  const [prices, names] = await Promise.all([
    deps.tasks.pricesOf(page.tasks.map((task) => task.id)),
    deps.people.namesOf([...new Set(page.tasks.map((task) => task.assignee_id))]),
  ]);
  return {
    tasks: page.tasks.map((task) => ({
      ...taskView(task, prices.get(task.id)),
      /** Null until Tasker has heard of the assignee from Auth. */
      assignee_name: names.get(task.assignee_id) ?? null,
    })),
    next_cursor: page.nextCursor,
  };
}
