import type { TaskCreatedFacts } from '#events/tasker/upcast-task-created';
import type { Changes } from '#shared/unit-of-work/changes';
import type { AccountingDeps } from '../domain/ports';

/**
 * The reaction to `task.created` (v1 upcast or v2): keeps the task's title, jira id and
 * description, which ledger entries join when they are read (so an entry written before this
 * event shows them as soon as it arrives).
 * 1. record the details, guarded `task_is_new`, with nothing read first: a task is described
 *    once, and the details item is the event's marker (`markedBy`), so a redelivery, a replay
 *    or the other version of the event is refused by the details already there, which the
 *    consumer takes as nothing to do.
 * The price is not rolled here: every task is assigned as it is created, and the assignment's
 * fee prices it in its own transaction, its `task.priced` in the same outbox row as
 * `account.fined` — so this write is one item alone (a single conditional put).
 */
export async function recordTask(
  deps: Pick<AccountingDeps, 'tasks'>,
  facts: TaskCreatedFacts,
  changes: Changes,
): Promise<void> {
  deps.tasks.described(changes, facts);
}
