import type { DataOf } from '#events';
import type { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import type { TransactItem } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import { businessDateOf } from '#shared/time/business-day';
import { rewardId } from '../domain/ids';
import { rewardOf } from '../domain/ledger';
import type { AccountingDeps } from '../domain/ports';
import { postOn, priceOf } from './movement';
import { METRIC } from '#shared/metrics/catalog';
import { recordCents, recordMetric } from '#shared/metrics/metrics';

/**
 * The reaction to `task.completed`: the completer earns the task's reward, once per task.
 * 1. read: was the reward credited already; the price (rolled on first sight); the account.
 * 2. decide: post the reward on the ledger.
 * 3. write with events: price + `task.priced` (if rolled now), entry, balance, figures,
 *    `account.rewarded`, `user.balance_changed`; before them, the first movement's date if earlier.
 */
export async function payCompletionReward(
  deps: AccountingDeps,
  completed: DataOf<typeof taskCompletedV1>,
  context: EventContext,
): Promise<TransactItem[]> {
  const id = rewardId(completed.id);
  if (await deps.ledger.findEntry(completed.user_id, id)) return [];
  const [{ price, items: pricing }, account] = await Promise.all([
    priceOf(deps, completed.id, context),
    deps.accounts.find(completed.user_id),
  ]);
  const posted = postOn(
    account,
    completed.user_id,
    rewardOf(price.reward, {
      id,
      taskId: completed.id,
      at: completed.completed_at,
      businessDate: businessDateOf(completed.completed_at, deps.timeZone),
    }),
  );
  await deps.ledger.recordMovementDate(posted.entry.businessDate);
  // Held by the consumer until these writes commit: a redelivered event is not counted twice.
  recordMetric(METRIC.rewardsPaid);
  recordCents(METRIC.rewardsCents, price.reward);
  return [...pricing, ...deps.ledger.movementItems(posted, context)];
}
