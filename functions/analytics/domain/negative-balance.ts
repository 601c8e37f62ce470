import type { BusinessDate } from '#shared/time/business-day';

/**
 * How many employees had a negative balance at the end of a day, kept so a query costs
 * O(days in history), never O(employees):
 *
 *  - per account, one item per business day on which it had a movement, holding its balance at
 *    the end of that day (every movement dated that day or earlier, whatever order they came in);
 *  - one global "delta" per day: how the number of negative accounts changed on that day.
 *
 * The count at the end of day D is the sum of the deltas of every day up to D. The day balances
 * come from the movements themselves (fee, reward, payout: each carries its business date and
 * signed amount), never from a running balance, so a movement applied late by Accounting adds
 * its amount to its own day and to every later day of the account, and nothing else.
 */
export interface DayBalance {
  date: BusinessDate;
  balance_cents: number;
}

export interface DatedMovement {
  date: BusinessDate;
  /** Signed: fees and payouts take money off the account, rewards put it on. */
  amount_cents: number;
}

export interface AccountDays {
  /** The account's last day item before the movement's day, if any. */
  before?: DayBalance;
  /** Every day item of the account from the movement's day on, oldest first. */
  fromDay: readonly DayBalance[];
}

export interface DayDelta {
  date: BusinessDate;
  delta: number;
}

export interface MovementEffect {
  /** The day items to store: the movement's day and every later one, with their new balances. */
  days: DayBalance[];
  /** Only the days whose delta changes. */
  deltas: DayDelta[];
}

const negative = (balance: DayBalance | undefined) =>
  balance ? Number(balance.balance_cents < 0) : 0;

/**
 * The movement's amount lands on its day (created from the previous day's balance, or 0, when
 * the account had no movement that day) and on every later day. An account's contribution to
 * day X's delta is "negative at X" minus "negative at the day item before X", so where the sign
 * of a day flips the delta moves on that day, and back on the next day item.
 */
export function applyMovement(movement: DatedMovement, account: AccountDays): MovementEffect {
  const sameDay = account.fromDay[0]?.date === movement.date;
  const old: DayBalance[] = sameDay
    ? [...account.fromDay]
    : [
        { date: movement.date, balance_cents: account.before?.balance_cents ?? 0 },
        ...account.fromDay,
      ];
  const days = old.map((day) => ({
    date: day.date,
    balance_cents: day.balance_cents + movement.amount_cents,
  }));
  const deltas: DayDelta[] = [];
  let previousChange = 0; // the day before the movement's day is unchanged
  days.forEach((day, i) => {
    const change = negative(day) - negative(old[i]);
    if (change !== previousChange) deltas.push({ date: day.date, delta: change - previousChange });
    previousChange = change;
  });
  return { days, deltas };
}

/** The count at the end of a day from the deltas of every day up to it. */
export const negativeCountFrom = (deltas: readonly number[]): number =>
  deltas.reduce((sum, delta) => sum + delta, 0);
