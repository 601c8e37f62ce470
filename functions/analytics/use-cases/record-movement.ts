import type * as z from '#events/zod';
import type { accountMovement } from '#events/accounting/movement';
import { shareOf, type EarningMovement } from '../domain/earnings';
import { cents } from '#shared/money';
import type { Changes } from '#shared/unit-of-work/changes';
import { applyMovement } from '../domain/negative-balance';
import type { AnalyticsDeps } from '../domain/ports';
import { beats, rewardTop } from '../domain/top-rank';

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
 *     a reward is also its task's completion: it competes for its day's most expensive task
 *     (read with the rest), and is offered only when it beats the day's top;
 *  3. record the movement's fact, the share of its day's totals, the account's days (refused if
 *     the account changed since read), the deltas and, if it won, the day's top (refused if a
 *     higher one was written since): one transaction with the event's marker, so a redelivered
 *     reward finds its fact and offers nothing again.
 */
export async function recordMovement(
  deps: Pick<AnalyticsDeps, 'movementReads' | 'earnings' | 'balances' | 'tops'>,
  changes: Changes,
  kind: EarningMovement | 'payout',
  movement: Movement,
): Promise<void> {
  // Together, in one call (on DynamoDB one consistent BatchGetItem, shared with the reactions
  // that read at the same moment): each read is guarded at commit by its own condition (the
  // fact still absent, the account still at the version read, the day's top still lower), so
  // none can be stale when the write lands.
  // In a group commit (the consumer's `groupCommit`) these reads miss the group's pending
  // writes. A read that leads to a write of the same item sends the movement back to read after
  // the group commits (the fact of a movement twice in a batch, the days of an account moved
  // twice, a top this reward beats). The reads that may lead to no write are still right:
  //  - `counted` false while the group holds the fact: this reaction then writes the fact too;
  //  - the day's top, when the group offered a higher one: a reward that does not beat the
  //    stored top beats no higher one either (a day's top only ever grows), so writing nothing
  //    is right; one that beats the stored top writes it, and reads again;
  //  - the shares and the negative-balance deltas are only added, never read here.
  // An account's days are written by every movement, so they are never read stale into a write.
  const completion = kind === 'reward' ? rewardTop(movement) : undefined;
  const { counted, account, dayTop } = await deps.movementReads.basisOf({
    transactionId: movement.transaction_id,
    accountId: movement.user_id,
    topOn: completion?.completed_on,
  });
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
  if (completion && beats(completion, dayTop)) deps.tops.offered(changes, completion);
}
