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
 * 1. read, in one round trip: the task's price; the account.
 * 2. decide: the price (rolled on first sight); post the reward.
 * 3. record: price + `task.priced` (if rolled now), entry, balance, figures, and publish
 *    `account.rewarded` (with the balance after it) — the entry, keyed by the task, is the
 *    event's marker (`markedBy`): a reward credited already is refused at commit, as a
 *    duplicate, and changes nothing; before them, the first movement's date if earlier.
 */
export async function payCompletionReward(
  deps: AccountingDeps,
  completed: DataOf<typeof taskCompletedV1>,
  changes: Changes,
): Promise<void> {
  const id = rewardId(completed.id);
  const movement = { userId: completed.user_id, taskId: completed.id };
  const { price: stored, account } = await deps.movementReads.basisOf(movement);
  const price = priceTask(deps, completed.id, stored, changes);
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
