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
 *  1. read the account's days with the version they were read at (and a reward's day's top);
 *  2. decide: a fee is management's gain, a reward its cost, a payout neither, on the movement's
 *     own business date (Accounting's: a payout is dated the day it closes, not the day the close
 *     ran); the amount lands on that day and every later day of the account, and the count's
 *     delta moves where a day's sign flips;
 *     a reward is also its task's completion: it competes for its day's most expensive task
 *     (read with the rest), and is offered only when it beats the day's top;
 *  3. record the movement's fact (refused if it is there: counted before), the share of its
 *     day's totals, the account's days (refused if the account changed since read), the deltas
 *     and, if it won, the day's top (refused if a higher one was written since): one transaction,
 *     whose fact is the event's marker.
 * Whether the movement was counted already is not read: a redelivery or a replay (under any
 * event id, as the fact is keyed by Accounting's transaction) decides as a new movement would,
 * and its fact's guard refuses the whole transaction at commit, so the days, shares, deltas and
 * top it would have added again never land. The consumer takes that refusal as a duplicate
 * (`markedBy`), alone or in a group (the group commits again without it, and it is done, not
 * tried again). Duplicates are rare; the read of the fact was paid on every movement.
 */
export async function recordMovement(
  deps: Pick<AnalyticsDeps, 'movementReads' | 'earnings' | 'balances' | 'tops'>,
  changes: Changes,
  kind: EarningMovement | 'payout',
  movement: Movement,
): Promise<void> {
  // Together, in one call (on DynamoDB one consistent BatchGetItem, shared with the reactions
  // that read at the same moment): each read is guarded at commit by its own condition (the
  // account still at the version read, the day's top still lower), so none can be stale when
  // the write lands.
  // In a group commit (the consumer's `groupCommit`) these reads miss the group's pending
  // writes. A reaction that writes an item the group writes goes back to read after the group
  // commits (the days of an account moved twice, a top this reward beats, and the fact of a
  // movement twice in a batch: that copy then is refused by the fact's guard). The reads that
  // may lead to no write are still right:
  //  - the day's top, when the group offered a higher one: a reward that does not beat the
  //    stored top beats no higher one either (a day's top only ever grows), so writing nothing
  //    is right; one that beats the stored top writes it, and reads again;
  //  - the shares and the negative-balance deltas are only added, never read here.
  // An account's days are written by every movement, so they are never read stale into a write.
  const completion = kind === 'reward' ? rewardTop(movement) : undefined;
  const { account, dayTop } = await deps.movementReads.basisOf({
    accountId: movement.user_id,
    topOn: completion?.completed_on,
  });
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
