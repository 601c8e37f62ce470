import type { TaskCreatedFacts } from '#events/tasker/upcast-task-created';
import type { Changes } from '#shared/unit-of-work/changes';
import type { AccountingDeps } from '../domain/ports';
import { priceTask } from './price-task';

/**
 * The reaction to `task.created` (v1 upcast or v2): keeps the task's title, jira id and
 * description, which ledger entries join when they are read (so an entry written before this
 * event shows them as soon as it arrives), and prices the task if this is its first sight.
 * 1. read the price. 2. roll one if none. 3. record details (+ price and `task.priced`).
 */
export async function recordTask(
  deps: AccountingDeps,
  facts: TaskCreatedFacts,
  changes: Changes,
): Promise<void> {
  await priceTask(deps, facts.id, changes);
  deps.tasks.described(changes, facts);
}
