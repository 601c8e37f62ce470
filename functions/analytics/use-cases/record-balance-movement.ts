import type * as z from 'zod';
import type { accountMovement } from '#events/accounting/movement';
import type { TransactItem } from '#shared/dynamo';
import { MAX_EFFECT_ITEMS } from '#shared/consumer/consumer';
import { applyMovement } from '../domain/negative-balance';
import type { AnalyticsDeps } from '../domain/ports';

type Movement = z.infer<typeof accountMovement>;

/**
 * Besides the days (one item each) and their deltas (at most one each), a movement's
 * transaction holds the account's lock and, for fees and rewards, the two earnings items.
 */
const OTHER_ITEMS = 3;
export const MAX_DAYS_PER_MOVEMENT = Math.floor((MAX_EFFECT_ITEMS - OTHER_ITEMS) / 2);

/** A movement so late that the account's later days no longer fit in one transaction. */
export class TooManyLaterDaysError extends Error {
  constructor(movement: Movement) {
    super(
      `movement ${movement.transaction_id} of ${movement.business_date} on account ${movement.user_id} would rewrite more than ${MAX_DAYS_PER_MOVEMENT} day balances, more than one transaction holds; the message goes to the dead-letter queue (see docs/analytics.md)`,
    );
    this.name = 'TooManyLaterDaysError';
  }
}

/**
 * Reaction to every movement (`account.fined`, `account.rewarded`, `account.paid`): keeps each
 * account's end-of-day balances, hence the negative-balance count of every day, right in
 * whatever order the movements arrive. Applied once per event by the consumer's marker.
 *  1. read the account's day items from the movement's business date on (and its lock version);
 *  2. decide: the amount lands on its day and every later one; deltas where a sign flips;
 *  3. return the day balances, the deltas and the account's lock, committed together.
 */
export async function recordBalanceMovement(
  deps: Pick<AnalyticsDeps, 'balances'>,
  movement: Movement,
): Promise<TransactItem[]> {
  const { version, ...account } = await deps.balances.accountDays(
    movement.user_id,
    movement.business_date,
    MAX_DAYS_PER_MOVEMENT + 1,
  );
  const effect = applyMovement(
    { date: movement.business_date, amount_cents: movement.amount_cents },
    account,
  );
  if (effect.days.length > MAX_DAYS_PER_MOVEMENT) throw new TooManyLaterDaysError(movement);
  return deps.balances.apply(movement.user_id, effect, version);
}
