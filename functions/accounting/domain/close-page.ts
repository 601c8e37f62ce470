import type { Cents } from '#shared/money';
import { addTallies, EMPTY_TALLY, type CloseTally } from './close';
import type { AccountRecord, PaidAccount } from './ports';

/** Where a lane's walk goes after a page: on from its last account, or nowhere. */
export type Next = { after: string } | 'lane_done';

/** An account as the close of a date needs it. */
export interface AccountAsRead {
  /** Its recent days widened to know the date when they did not. */
  account: AccountRecord;
  /** What the account was paid for the date already (positive), from that payout's entry. */
  paidBefore: Cents | undefined;
}

/** One page of a lane, read: its accounts, each as the close of the date needs it. */
export interface PageAsRead {
  userIds: readonly string[];
  accounts: Map<string, AccountAsRead>;
  next: Next;
}

/** What closing some accounts came to: their tally, and who of them is paid for the date. */
export interface Closed {
  tally: CloseTally;
  paid: PaidAccount[];
}

export const NOTHING_CLOSED: Closed = { tally: EMPTY_TALLY, paid: [] };

export const joined = (a: Closed, b: Closed): Closed => ({
  tally: addTallies(a.tally, b.tally),
  paid: [...a.paid, ...b.paid],
});

/** Packs sized things into groups of at most `limit` in all, in order (a transaction's items). */
export function groupsOf<T>(things: readonly T[], sizeOf: (t: T) => number, limit: number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const thing of things) {
    if (size + sizeOf(thing) > limit && current.length > 0) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(thing);
    size += sizeOf(thing);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
