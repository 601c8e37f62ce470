import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import type { Changes } from '#shared/unit-of-work/changes';
import type { AccountingDeps } from '../domain/ports';
import { rollPrice, type Price } from '../domain/pricing';

/**
 * A task's price, part of every movement on a task: the `stored` one (read with the movement's
 * other items), or — on the first sight of the task — a fresh roll, recorded on `changes`
 * (first writer wins, guard `price_is_new`) with its `task.priced`. A roll that does not commit
 * was never seen by anyone, so the retry, reading again, re-rolls nothing that counted.
 */
export function priceTask(
  deps: Pick<AccountingDeps, 'tasks' | 'random' | 'clock'>,
  taskId: string,
  stored: Price | undefined,
  changes: Changes,
): Price {
  if (stored) return stored;
  const price = rollPrice(deps.random);
  const pricedAt = deps.clock();
  deps.tasks.priced(changes, taskId, price, pricedAt);
  changes.publish(taskPricedV1, {
    id: taskId,
    fee_cents: price.fee,
    reward_cents: price.reward,
    priced_at: pricedAt.toISOString(),
  });
  return price;
}
