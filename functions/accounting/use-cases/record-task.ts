import type { TaskCreatedFacts } from '#events/tasker/upcast-task-created';
import type { Changes } from '#shared/unit-of-work/changes';
import type { AccountingDeps } from '../domain/ports';
import { priceTask } from './price-task';

/**
 * The reaction to `task.created` (v1 upcast or v2): keeps the task's title, jira id and
 * description, which ledger entries join when they are read (so an entry written before this
 * event shows them as soon as it arrives), and prices the task if this is its first sight.
 * 1. read the price and the details. 2. roll a price if none. 3. record the details if none
 * (a task is described once: a redelivery, a replay or the other version of the event writes
 * nothing, so the details item is the event's marker) + price and `task.priced`.
 */
export async function recordTask(
  deps: AccountingDeps,
  facts: TaskCreatedFacts,
  changes: Changes,
): Promise<void> {
  const [, known] = await Promise.all([
    priceTask(deps, facts.id, changes),
    deps.tasks.findDetails([facts.id]),
  ]);
  if (!known.has(facts.id)) deps.tasks.described(changes, facts);
}
