import type { TaskCreatedFacts } from '#events/tasker/upcast-task-created';
import type { TransactItem } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import type { AccountingDeps } from '../domain/ports';
import { priceOf } from './movement';

/**
 * The reaction to `task.created` (v1 upcast or v2): keeps the task's title, jira id and
 * description, which ledger entries join when they are read (so an entry written before this
 * event shows them as soon as it arrives), and prices the task if this is its first sight.
 * 1. read the price. 2. roll one if none. 3. write details (+ price and `task.priced`).
 */
export async function recordTask(
  deps: AccountingDeps,
  facts: TaskCreatedFacts,
  context: EventContext,
): Promise<TransactItem[]> {
  const { items: pricing } = await priceOf(deps, facts.id, context);
  return [...pricing, ...deps.tasks.detailsItems(facts)];
}
