import type { DataOf } from '#events';
import type { taskPricedV1 } from '#events/accounting/task.priced.v1';
import type { TransactItem } from '#shared/dynamo';
import { findPricedAt, priceItems } from '../store/price-store';

/**
 * Stores Accounting's price of a task, whether or not the task has reached Tasker yet; reads
 * merge it in. A repeated or older pricing changes nothing.
 */
export async function applyPrice(priced: DataOf<typeof taskPricedV1>): Promise<TransactItem[]> {
  const current = await findPricedAt(priced.id);
  if (current !== undefined && Date.parse(current) >= Date.parse(priced.priced_at)) return [];
  return priceItems(priced);
}
