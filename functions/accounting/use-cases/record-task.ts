import type { TaskCreatedFacts } from '#events/tasker/upcast-task-created';
import type { Changes } from '#shared/unit-of-work/changes';
import type { AccountingDeps } from '../domain/ports';

/**
 * The reaction to `task.created` (v1 upcast or v2): keeps the task's title, jira id and
 * description, which ledger entries join when they are read (so an entry written before this
 * event shows them as soon as it arrives).
 * 1. read the details. 2. record them if none (a task is described once: a redelivery, a replay
 * or the other version of the event writes nothing, so the details item is the event's marker).
 * The price is not rolled here: every task is assigned as it is created, and the assignment's
 * fee prices it in its own transaction, its `task.priced` in the same outbox row as
 * `account.fined` — so this write is one item alone (a single conditional put).
 */
export async function recordTask(
  deps: AccountingDeps,
  facts: TaskCreatedFacts,
  changes: Changes,
): Promise<void> {
  const known = await deps.tasks.findDetails([facts.id]);
  if (!known.has(facts.id)) deps.tasks.described(changes, facts);
}
