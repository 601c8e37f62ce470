import type { BusinessDate } from '#shared/time/business-day';

/**
 * How many employees had a negative balance at the end of a day, kept so a query costs
 * O(days in history), never O(employees):
 *
 *  - per account, its balance at the end of every business day on which it had a movement
 *    (fee, reward or payout, each dated by Accounting's `business_date`): the sum of its
 *    movements dated that day or earlier, whatever order they arrived in;
 *  - one global "delta" per day: how the number of negative accounts changed on that day.
 *
 * The count at the end of day D is the sum of the deltas of every day up to D. An account's
 * share of day X's delta is "negative at X" minus "negative at its previous day", so every delta
 * follows from the account's days: a movement changes the deltas exactly as it changes the days.
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

export interface DayDelta {
  date: BusinessDate;
  delta: number;
}

export interface MovementEffect {
  /** Every day of the account after the movement, oldest first. */
  days: DayBalance[];
  /** Only the days whose delta changes. */
  deltas: DayDelta[];
}

const negative = (balance: number) => Number(balance < 0);

/**
 * The movement's amount lands on its day (created from the previous day's balance, or 0, when
 * the account had no movement that day) and on every later day. Where the sign of a day flips,
 * that day's delta moves, and back again on the first later day whose flip differs.
 * `days` are the account's stored days, oldest first.
 */
export function applyMovement(
  movement: DatedMovement,
  days: readonly DayBalance[],
): MovementEffect {
  const earlier = days.filter((day) => day.date < movement.date);
  const fromDay = days.filter((day) => day.date >= movement.date);
  const old: DayBalance[] =
    fromDay[0]?.date === movement.date
      ? fromDay
      : [{ date: movement.date, balance_cents: earlier.at(-1)?.balance_cents ?? 0 }, ...fromDay];
  const moved = old.map((day) => ({
    date: day.date,
    balance_cents: day.balance_cents + movement.amount_cents,
  }));
  const deltas: DayDelta[] = [];
  let previousFlip = 0; // the days before the movement's day keep their sign
  moved.forEach((day, i) => {
    const flip = negative(day.balance_cents) - negative(old[i]!.balance_cents);
    if (flip !== previousFlip) deltas.push({ date: day.date, delta: flip - previousFlip });
    previousFlip = flip;
  });
  return { days: [...earlier, ...moved], deltas };
}

/** The count at the end of a day from the deltas of every day up to it. */
export const negativeCountFrom = (deltas: readonly number[]): number =>
  deltas.reduce((sum, delta) => sum + delta, 0);
