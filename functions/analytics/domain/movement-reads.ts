import type { BusinessDate } from '#shared/time/business-day';
import type { DayBalance } from './negative-balance';
import type { DayTop } from './task-fact';

/**
 * What counting one movement reads: its account, a reward's day. Not the movement's fact:
 * whether it was counted already is left to the fact's guarded put (`movement_not_counted_yet`),
 * which refuses a duplicate at commit; a read would be paid on every movement for the rare one.
 */
export interface MovementKey {
  accountId: string;
  /** A reward's completion day, whose top it competes for; none for a fee or a payout. */
  topOn?: BusinessDate;
}

/** What counting one movement decides on, as stored when it was read. */
export interface MovementBasis {
  /** Every end-of-day balance of the account, oldest first, and the version it was read at. */
  account: { days: DayBalance[]; version: number };
  /** The day's top when `topOn` was asked for and the day has one. */
  dayTop: DayTop | undefined;
}

/**
 * A movement's reads, together: one round trip (one consistent `BatchGetItem` on DynamoDB)
 * instead of one `GetItem` per item, each item read consistently as the write it leads to is
 * conditional on it. Read per event and per attempt: nothing is kept between calls, so a
 * reaction that reads again after a race reads the latest.
 */
export interface MovementReads {
  basisOf(movement: MovementKey): Promise<MovementBasis>;
}
