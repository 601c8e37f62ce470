import type { DataOf } from '#events';
import { accountFinedV1 } from '#events/accounting/account.fined.v1';
import type { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { METRIC } from '#shared/metrics/catalog';
import { recordCents, recordMetric } from '#shared/metrics/metrics';
import { businessDateOf } from '#shared/time/business-day';
import type { Changes } from '#shared/unit-of-work/changes';
import { feeId } from '../domain/ids';
import { feeOf } from '../domain/ledger';
import type { AccountingDeps } from '../domain/ports';
import { movementEventOf, postOn } from '../domain/posting';
import { priceTask } from './price-task';

/**
 * The reaction to `task.assigned`: the assignee pays the task's fee, once per assignment.
 * 1. read, in one round trip: the task's price; the assignee's account (new on first sight).
 * 2. decide: the price (rolled on first sight); post the fee.
 * 3. record: price + `task.priced` (if rolled now), entry, balance, figures, and publish
 *    `account.fined` (it carries the balance after it; `user.balance_changed` had no consumer and
 *    is no longer published) — the entry, keyed by the assignment, is the event's marker
 *    (`markedBy`): an assignment charged already is refused at commit, as a duplicate, and
 *    changes nothing; before them, the first movement's date if this one is earlier.
 */
export async function chargeAssignmentFee(
  deps: AccountingDeps,
  assigned: DataOf<typeof taskAssignedV1>,
  changes: Changes,
): Promise<void> {
  const id = feeId(assigned.assignment_id);
  const movement = { userId: assigned.user_id, taskId: assigned.id };
  const { price: stored, account } = await deps.movementReads.basisOf(movement);
  const price = priceTask(deps, assigned.id, stored, changes);
  const posted = postOn(
    account,
    assigned.user_id,
    feeOf(price.fee, {
      id,
      taskId: assigned.id,
      at: assigned.assigned_at,
      businessDate: businessDateOf(assigned.assigned_at, deps.timeZone),
    }),
  );
  await deps.ledger.recordMovementDate(posted.entry.businessDate);
  deps.ledger.posted(changes, posted);
  changes.publish(accountFinedV1, movementEventOf(posted.entry));
  // Held by the consumer until these writes commit: a redelivered event is not counted twice.
  recordMetric(METRIC.feesCharged);
  recordCents(METRIC.feesCents, price.fee);
}
