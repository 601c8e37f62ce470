import type { DataOf } from '#events';
import type { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import type { TransactItem } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import { businessDateOf } from '#shared/time/business-day';
import { feeId } from '../domain/ids';
import { feeOf } from '../domain/ledger';
import type { AccountingDeps } from '../domain/ports';
import { postOn, priceOf } from './movement';
import { METRIC } from '#shared/metrics/catalog';
import { recordCents, recordMetric } from '#shared/metrics/metrics';

/**
 * The reaction to `task.assigned`: the assignee pays the task's fee, once per assignment.
 * 1. read: was this assignment charged already; the task's price (rolled on first sight);
 *    the assignee's account (new on first sight).
 * 2. decide: post the fee on the ledger.
 * 3. write with events: price + `task.priced` (if rolled now), entry, balance, figures,
 *    `account.fined`, `user.balance_changed` — the consumer adds the event's marker; before
 *    them, the first movement's date if this one is earlier.
 */
export async function chargeAssignmentFee(
  deps: AccountingDeps,
  assigned: DataOf<typeof taskAssignedV1>,
  context: EventContext,
): Promise<TransactItem[]> {
  const id = feeId(assigned.assignment_id);
  if (await deps.ledger.findEntry(assigned.user_id, id)) return [];
  const [{ price, items: pricing }, account] = await Promise.all([
    priceOf(deps, assigned.id, context),
    deps.accounts.find(assigned.user_id),
  ]);
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
  // Held by the consumer until these writes commit: a redelivered event is not counted twice.
  recordMetric(METRIC.feesCharged);
  recordCents(METRIC.feesCents, price.fee);
  return [...pricing, ...deps.ledger.movementItems(posted, context)];
}
