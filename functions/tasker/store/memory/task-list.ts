import * as z from '#events/zod';
import { decodeCursor, encodeCursor, invalidCursor } from '#shared/page-cursor';
import type { ListScope } from '../../domain/listing';
import type { TaskPage } from '../../domain/ports';
import type { Task } from '../../domain/task';

/**
 * A list scope over tasks in memory, in the order the DynamoDB indexes give: one assignee's
 * tasks by status then newest first (gsi1's sort key), everyone's open ones newest first and
 * then the completed ones (gsi2, two partitions). The cursor names its scope and the last key,
 * so another scope's cursor is refused as DynamoDB's store refuses it.
 */
const cursorSchema = z.strictObject({ scope: z.string(), after: z.string().check(z.minLength(1)) });

const scopeKey = (scope: ListScope) =>
  scope.kind === 'assignee'
    ? `assignee:${scope.assigneeId}:${scope.status ?? ''}`
    : `everyone:${scope.status ?? ''}`;

/** The key a task sorts by in the scope's list, descending. */
function sortKeyOf(scope: ListScope, task: Task): string {
  const rest = `${task.created_at}#${task.id}`;
  if (scope.kind === 'assignee') return `${task.status}#${rest}`;
  return `${task.status === 'open' ? 1 : 0}#${rest}`;
}

const inScope = (scope: ListScope, task: Task) =>
  (scope.kind === 'everyone' || task.assignee_id === scope.assigneeId) &&
  (scope.status === undefined || task.status === scope.status);

export function listOf(
  tasks: readonly Task[],
  scope: ListScope,
  limit: number,
  cursorText: string | undefined,
): TaskPage {
  const key = scopeKey(scope);
  let after: string | undefined;
  if (cursorText !== undefined) {
    const cursor = decodeCursor(cursorText, cursorSchema);
    if (!cursor || cursor.scope !== key) throw invalidCursor();
    after = cursor.after;
  }
  const sorted = tasks
    .filter((task) => inScope(scope, task))
    .map((task) => ({ task, sortKey: sortKeyOf(scope, task) }))
    .sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0))
    .filter((entry) => after === undefined || entry.sortKey < after);
  const page = sorted.slice(0, limit);
  const last = page.at(-1);
  return {
    tasks: page.map((entry) => entry.task),
    nextCursor:
      sorted.length > limit && last ? encodeCursor({ scope: key, after: last.sortKey }) : null,
  };
}
