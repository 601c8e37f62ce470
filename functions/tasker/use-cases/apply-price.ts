import type { DataOf } from '#events';
import type { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { cents } from '#shared/money';
import type { Changes } from '#shared/unit-of-work/changes';
import type { TaskerDeps } from '../domain/ports';

/**
 * The reaction to `task.priced`: stores the price whether or not the task has reached Tasker
 * yet; reads merge it in.
 * 1. read when the stored price (if any) was priced;
 * 2. a repeated or older pricing changes nothing; a newer one is recorded on `changes`, which
 *    the consumer commits with the event's marker.
 */
export async function applyPrice(
  deps: Pick<TaskerDeps, 'prices'>,
  priced: DataOf<typeof taskPricedV1>,
  changes: Changes,
): Promise<void> {
  const current = await deps.prices.pricedAt(priced.id);
  if (current !== undefined && Date.parse(current) >= Date.parse(priced.priced_at)) return;
  const price = { fee_cents: cents(priced.fee_cents), reward_cents: cents(priced.reward_cents) };
  deps.prices.priced(changes, priced.id, price, priced.priced_at);
}
