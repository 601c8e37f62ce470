import { addDays } from '#shared/time/business-day';
import { addCents, cents, negate, ZERO, type Cents } from '#shared/money';
import type { Entry } from './ledger';

/**
 * An account's movements summed per business day, so the close of day D can read "the balance at
 * the end of D" off the account item itself instead of scanning its ledger: that balance is the
 * account's balance minus the net of every day after D.
 */
export interface DayMoves {
  /** Positive amounts: fees charged, rewards earned, paid out on that day. */
  fees: Cents;
  rewards: Cents;
  payouts: Cents;
}

/** The account's most recent days: every business date after `after` on which it moved. */
export interface RecentDays {
  after: string;
  days: Readonly<Record<string, DayMoves>>;
}

/**
 * Days kept on the account item (the most recent ones it moved on). The close of yesterday needs
 * today's and perhaps tomorrow's; four keep the item small (one write unit) and leave room for
 * late days. An older day is summed from the account's ledger entries (`movesByDay`, `widenedTo`).
 */
export const RECENT_DAYS_KEPT = 4;
/** `after` of an account that has never moved: its recent days are all its days. */
export const SINCE_THE_BEGINNING = '0000-00-00';
/** `after` of an account written before the recent days existed: none of its days are known. */
export const NONE_KNOWN = '9999-99-99';

export const NO_MOVES: DayMoves = { fees: ZERO, rewards: ZERO, payouts: ZERO };
export const NEVER_MOVED: RecentDays = { after: SINCE_THE_BEGINNING, days: {} };

export const netOf = (day: DayMoves): Cents => cents(day.rewards - day.fees - day.payouts);

const COUNTER = { fee: 'fees', reward: 'rewards', payout: 'payouts' } as const;

/** The recent days with one movement added (magnitude positive); the oldest beyond four dropped. */
export function withMovement(
  recent: RecentDays,
  kind: keyof typeof COUNTER,
  date: string,
  magnitude: Cents,
): RecentDays {
  // A day at or before `after` is not kept here: the account's entries have it.
  if (date <= recent.after) return recent;
  const day = recent.days[date] ?? NO_MOVES;
  const counter = COUNTER[kind];
  return trimmed({
    after: recent.after,
    days: { ...recent.days, [date]: { ...day, [counter]: addCents(day[counter], magnitude) } },
  });
}

function trimmed(recent: RecentDays): RecentDays {
  const dates = Object.keys(recent.days).sort();
  if (dates.length <= RECENT_DAYS_KEPT) return recent;
  const dropped = dates.slice(0, dates.length - RECENT_DAYS_KEPT);
  const days = { ...recent.days };
  for (const date of dropped) delete days[date];
  // Every date after the last one dropped is still here.
  return { after: dropped.at(-1)!, days };
}

/**
 * An account's movements summed per business day, from `date` on: what the close of an old date
 * reads from the ledger when the account's recent days do not reach back to it.
 */
export function movesByDay(
  entries: readonly Pick<Entry, 'kind' | 'amount' | 'businessDate'>[],
  date: string,
): Map<string, DayMoves> {
  const days = new Map<string, DayMoves>();
  for (const entry of entries) {
    if (entry.businessDate < date) continue;
    const day = days.get(entry.businessDate) ?? NO_MOVES;
    const counter = COUNTER[entry.kind];
    days.set(entry.businessDate, {
      ...day,
      [counter]: addCents(day[counter], cents(Math.abs(entry.amount))),
    });
  }
  return days;
}

/** True when `recent` holds everything the close of `date` needs: the day itself and after. */
export const knowsFrom = (recent: RecentDays, date: string): boolean => recent.after < date;

/**
 * The recent days once the account's entries from `date` on were summed (they hold every day's
 * movements): exact from `date` on. The next movement posted on them trims them back to four.
 */
export function widenedTo(date: string, daysFrom: ReadonlyMap<string, DayMoves>): RecentDays {
  return { after: addDays(date, -1), days: Object.fromEntries(daysFrom) };
}

/** What the close of `date` finds on one account: the statement before anything is paid. */
export interface DayStatement {
  date: string;
  /** Unpaid money of the days before `date`: may be negative (a debt carried in). */
  carriedIn: Cents;
  fees: Cents;
  rewards: Cents;
  /** Positive: paid out by this close. Zero when the end-of-day balance is not positive. */
  paidOut: Cents;
  /** What stays of the days up to `date`: zero when paid, the debt when negative. */
  carriedForward: Cents;
}

/**
 * Pure: the statement of `date` for an account with `balance` (every entry) and its recent days,
 * which must know the date (`knowsFrom`), and whose last payout is of an earlier date. The
 * end-of-day balance is the balance without the days after `date`; it is paid when positive.
 */
export function statementOf(balance: Cents, recent: RecentDays, date: string): DayStatement {
  if (!knowsFrom(recent, date))
    throw new Error(`the recent days after ${recent.after} do not cover ${date}`);
  let endOfDay = balance;
  for (const [day, moves] of Object.entries(recent.days))
    if (day > date) endOfDay = addCents(endOfDay, negate(netOf(moves)));
  const today = recent.days[date] ?? NO_MOVES;
  const paidOut = endOfDay > 0 ? endOfDay : ZERO;
  return {
    date,
    carriedIn: addCents(endOfDay, negate(netOf(today))),
    fees: today.fees,
    rewards: today.rewards,
    paidOut,
    carriedForward: addCents(endOfDay, negate(paidOut)),
  };
}

/** The statement's own check: carried in − fees + rewards − paid out = carried forward. */
export const addsUp = (s: DayStatement): boolean =>
  s.carriedIn - s.fees + s.rewards - s.paidOut === s.carriedForward;
