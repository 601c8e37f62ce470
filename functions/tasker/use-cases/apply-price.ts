import type { DataOf } from '#events';
import type { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { cents } from '#shared/money';
import type { Changes } from '#shared/unit-of-work/changes';
import type { TaskerDeps } from '../domain/ports';

/**
 * The reaction to `task.priced`: stores the price whether or not the task has reached Tasker
 * yet; reads merge it in.
 * 1. record the price on `changes`, guarded `price_is_newer`: no read first, since the guard
 *    alone decides. The put is the event's marker (`markedBy`), so a refused guard — a pricing
 *    at least as new already stored: this one redelivered, or an older one replayed after it —
 *    is taken by the consumer as nothing to do.
 */
export async function applyPrice(
  deps: Pick<TaskerDeps, 'prices'>,
  priced: DataOf<typeof taskPricedV1>,
  changes: Changes,
): Promise<void> {
  const price = { fee_cents: cents(priced.fee_cents), reward_cents: cents(priced.reward_cents) };
  deps.prices.priced(changes, priced.id, price, new Date(priced.priced_at));
}
