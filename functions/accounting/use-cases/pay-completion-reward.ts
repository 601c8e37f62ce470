import type { DataOf } from '#events';
import { accountRewardedV1 } from '#events/accounting/account.rewarded.v1';
import type { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { METRIC } from '#shared/metrics/catalog';
import { recordCents, recordMetric } from '#shared/metrics/metrics';
import { businessDateOf } from '#shared/time/business-day';
import type { Changes } from '#shared/unit-of-work/changes';
import { rewardId } from '../domain/ids';
import { rewardOf } from '../domain/ledger';
import type { AccountingDeps } from '../domain/ports';
import { movementEventOf, postOn } from '../domain/posting';
import { priceTask } from './price-task';

/**
 * The reaction to `task.completed`: the completer earns the task's reward, once per task.
 * 1. read: was the reward credited already; the price (rolled on first sight); the account.
 * 2. decide: post the reward on the ledger.
 * 3. record: price + `task.priced` (if rolled now), entry, balance, figures, and publish
 *    `account.rewarded` (with the balance after it); before them, the first movement's date if
 *    earlier.
 */
export async function payCompletionReward(
  deps: AccountingDeps,
  completed: DataOf<typeof taskCompletedV1>,
  changes: Changes,
): Promise<void> {
  const id = rewardId(completed.id);
  if (await deps.ledger.findEntry(completed.user_id, id)) return;
  const [price, account] = await Promise.all([
    priceTask(deps, completed.id, changes),
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
  deps.ledger.posted(changes, posted);
  changes.publish(accountRewardedV1, movementEventOf(posted.entry));
  // Held by the consumer until these writes commit: a redelivered event is not counted twice.
  recordMetric(METRIC.rewardsPaid);
  recordCents(METRIC.rewardsCents, price.reward);
}
