import type { DataOf } from '#events';
import type { userBalanceChangedV1 } from '#events/accounting/user.balance_changed.v1';
import type { TransactItem } from '#shared/dynamo';
import { businessDateOf } from '#shared/time/business-day';
import { decideBalanceChange } from '../domain/negative-balance';
import type { AnalyticsDeps } from '../domain/ports';

/**
 * Reaction to `user.balance_changed`: keeps the negative-balance count of every day right.
 *  1. read the account's day items around the change's business date (and its lock version);
 *  2. decide: an older revision of that day changes nothing; otherwise the day's balance is
 *     replaced and the count moves by ±1 on that day and back on the account's next known day;
 *  3. return the day balance, the deltas and the account's lock, committed together.
 */
export async function recordBalanceChange(
  deps: Pick<AnalyticsDeps, 'balances' | 'timeZone'>,
  event: DataOf<typeof userBalanceChangedV1>,
): Promise<TransactItem[]> {
  const change = {
    date: businessDateOf(event.changed_at, deps.timeZone),
    revision: event.revision,
    balance_cents: event.balance_cents,
  };
  const { version, ...around } = await deps.balances.neighbourhood(event.id, change.date);
  const decision = decideBalanceChange(change, around);
  if (!decision.apply) return [];
  return deps.balances.apply(event.id, change, decision.dayBalance, decision.deltas, version);
}
