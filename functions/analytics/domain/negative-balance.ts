import type { BusinessDate } from '#shared/time/business-day';

/**
 * How many employees had a negative balance at the end of a day, kept so a query costs
 * O(days in history), never O(employees):
 *
 *  - per account, one item per business day on which its balance changed, holding the balance
 *    of the highest revision of that day (an older revision never overwrites a newer one);
 *  - one global "delta" per day: how the number of negative accounts changed on that day.
 *
 * The count at the end of day D is the sum of the deltas of every day up to D. A balance change
 * that arrives late (for a day already followed by other days of the same account) changes the
 * account's sign only from its day until the account's next known day, so it adds ±1 on its day
 * and ∓1 on that next day, and the later days stay as they were.
 */
export interface DayBalance {
  date: BusinessDate;
  revision: number;
  balance_cents: number;
}

export interface BalanceChange {
  date: BusinessDate;
  revision: number;
  balance_cents: number;
}

export interface AccountNeighbourhood {
  /** The account's stored day item for the change's day, if any. */
  sameDay?: DayBalance;
  /** The account's last day item before the change's day, if any. */
  before?: DayBalance;
  /** The account's first day item after the change's day, if any. */
  after?: DayBalance;
}

export interface DayDelta {
  date: BusinessDate;
  delta: number;
}

export type BalanceDecision =
  | { apply: false; reason: 'older_revision' }
  | { apply: true; dayBalance: DayBalance; deltas: DayDelta[] };

const negative = (balance: DayBalance | undefined) => (balance ? balance.balance_cents < 0 : false);

export function decideBalanceChange(
  change: BalanceChange,
  around: AccountNeighbourhood,
): BalanceDecision {
  if (around.sameDay && around.sameDay.revision >= change.revision) {
    return { apply: false, reason: 'older_revision' };
  }
  // At the end of the change's day the account was what its same-day item, else its previous
  // day, said; an account nobody has reported yet counts as not negative.
  const wasNegative = negative(around.sameDay ?? around.before);
  const isNegative = change.balance_cents < 0;
  const delta = Number(isNegative) - Number(wasNegative);
  const deltas: DayDelta[] = [];
  if (delta !== 0) {
    deltas.push({ date: change.date, delta });
    if (around.after) deltas.push({ date: around.after.date, delta: -delta });
  }
  return { apply: true, dayBalance: { ...change }, deltas };
}

/** The count at the end of a day from the deltas of every day up to it. */
export const negativeCountFrom = (deltas: readonly number[]): number =>
  deltas.reduce((sum, delta) => sum + delta, 0);
