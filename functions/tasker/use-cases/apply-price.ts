import type { DataOf } from '#events';
import type { taskPricedV1 } from '#events/accounting/task.priced.v1';
import type { TaskerDeps, Writes } from '../domain/ports';

/**
 * The reaction to `task.priced`: stores the price whether or not the task has reached Tasker
 * yet; reads merge it in.
 * 1. read when the stored price (if any) was priced;
 * 2. a repeated or older pricing changes nothing; a newer one is returned for the consumer to
 *    commit with the event's marker.
 */
export async function applyPrice(
  deps: Pick<TaskerDeps, 'prices'>,
  priced: DataOf<typeof taskPricedV1>,
): Promise<Writes> {
  const current = await deps.prices.pricedAt(priced.id);
  if (current !== undefined && Date.parse(current) >= Date.parse(priced.priced_at)) return [];
  return deps.prices.priced(priced);
}
