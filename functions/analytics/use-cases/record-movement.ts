import type * as z from '#events/zod';
import type { accountMovement } from '#events/accounting/movement';
import { shareOf, type EarningMovement } from '../domain/earnings';
import { cents } from '#shared/money';
import type { Changes } from '#shared/unit-of-work/changes';
import { applyMovement } from '../domain/negative-balance';
import type { AnalyticsDeps } from '../domain/ports';

type Movement = z.infer<typeof accountMovement>;

/**
 * Reaction to `account.fined`, `account.rewarded` and `account.paid`: management's side of one
 * movement, and the account's end-of-day balances behind the negative-balance count.
 *  1. read whether this movement (by Accounting's transaction id) was counted already, and the
 *     account's days with the version they were read at;
 *  2. decide: a fee is management's gain, a reward its cost, a payout neither, on the movement's
 *     own business date (Accounting's: a payout is dated the day it closes, not the day the close
 *     ran); the amount lands on that day and every later day of the account, and the count's
 *     delta moves where a day's sign flips;
 *  3. record the movement's fact, the share of its day's totals, the account's days (refused if
 *     the account changed since read) and the deltas: one transaction with the event's marker.
 */
export async function recordMovement(
  deps: Pick<AnalyticsDeps, 'earnings' | 'balances'>,
  changes: Changes,
  kind: EarningMovement | 'payout',
  movement: Movement,
): Promise<void> {
  // Side by side: each read is guarded at commit by its own condition (the fact still absent,
  // the account still at the version read), so neither can be stale when the write lands.
  const [counted, account] = await Promise.all([
    deps.earnings.hasMovement(movement.transaction_id),
    deps.balances.accountDays(movement.user_id),
  ]);
  if (counted) return;
  const effect = applyMovement(
    { date: movement.business_date, amount_cents: movement.amount_cents },
    account.days,
  );
  deps.earnings.recorded(
    changes,
    {
      transaction_id: movement.transaction_id,
      kind,
      amount_cents: cents(movement.amount_cents),
      business_date: movement.business_date,
    },
    kind === 'payout' ? undefined : shareOf(kind, movement.amount_cents),
  );
  deps.balances.applied(changes, movement.user_id, effect, account.version);
}
