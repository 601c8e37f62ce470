import type { DayStatement } from './account-days';
import { shardOf } from './ids';
import { payoutOf, type Account, type Movement } from './ledger';
import { addCents, cents, type Cents } from '#shared/money';
import type { InvocationTime } from '#shared/time/invocation-budget';

/**
 * The daily close. Accounts are spread over lanes (shards of the account index); each lane is a
 * chain of chunk messages, all lanes running side by side, so no invocation is long.
 */
export const CLOSE_LANES = 16;

/** An account's lane: fixed by its id, so the close finds every account in exactly one lane. */
export const laneOf = (userId: string) => shardOf(userId, CLOSE_LANES);
/** Accounts per page of a lane: one Query of their ids, then one BatchGet of the accounts. */
export const CLOSE_PAGE_SIZE = 100;
/**
 * Pages one chunk message walks at most: the gap between two messages of a lane (relay, bus,
 * queue, and the wait behind the payout e-mails in the same queue) is paid once per five pages.
 */
export const CLOSE_PAGES_PER_CHUNK = 5;
/**
 * No further page is started after this much time in one chunk, so a chunk stays a few seconds
 * of work on a slow table too (a consumer batch holds up to ten of them, in sequence).
 */
export const CLOSE_CHUNK_BUDGET_MS = 4_000;

/**
 * The share of its invocation a chunk keeps back from the deadline for what follows its last
 * page: its commit (the tally, the next chunk's request, the e-mail requests, throttling waited
 * out) and the batch's answer; 20 s of the consumer's 120 s (service.ts). On a loaded machine a
 * page took tens of seconds and a batch of two chunks 104 s, near the timeout: a chunk whose
 * invocation ended there would be redelivered only after the queue's whole visibility timeout.
 */
export const CLOSE_TALLY_RESERVE_SHARE = 1 / 6;

/**
 * A chunk starts only with this share of its invocation left (40 s of 120: the reserve and a slow
 * page); with less it is handed back, unstarted, to run in an invocation of its own seconds later.
 * A batch's chunks start together (they commit alone, so the consumer runs them at once), so this
 * bites only a chunk retried late in a long invocation.
 */
export const CLOSE_CHUNK_START_SHARE = 1 / 3;

/** Whether a chunk may start: outside an invocation (no deadline) it always may. */
export const chunkMayStart = (time: InvocationTime | undefined) =>
  time === undefined || time.remainingMs >= time.lengthMs * CLOSE_CHUNK_START_SHARE;

/**
 * Whether a chunk starts another page: the page may take twice the slowest one so far, and the
 * reserve must remain. Outside an invocation, only the chunk's own limits apply.
 */
export const anotherPageFits = (time: InvocationTime | undefined, slowestPageMs: number) =>
  time === undefined ||
  time.remainingMs >= time.lengthMs * CLOSE_TALLY_RESERVE_SHARE + 2 * slowestPageMs;

/** What the close found for one account. */
export type CloseOutcome =
  /** Paid for this date before (an earlier delivery of this chunk): D's payout entry says so. */
  | { kind: 'already_paid'; amount: Cents }
  /** A close of a later date paid the account first: it paid this date's money too. */
  | { kind: 'covered'; by: string }
  | { kind: 'pay'; payout: Movement; statement: DayStatement }
  | { kind: 'carried_negative'; statement: DayStatement }
  | { kind: 'nothing' };

/**
 * Pure: the close of `date` for one account whose recent days know the date. Pays the end-of-day
 * balance once when positive (money of later days stays), carries a negative one, leaves zero.
 * `paidBefore` comes from the date's own payout entry; `lastPayoutDate` is the account's latest.
 */
export function closeOutcomeOf(
  account: Account,
  lastPayoutDate: string | null,
  paidBefore: Cents | undefined,
  fact: { id: string; at: string; businessDate: string },
): CloseOutcome {
  if (paidBefore !== undefined) return { kind: 'already_paid', amount: paidBefore };
  if (lastPayoutDate !== null && lastPayoutDate >= fact.businessDate)
    return { kind: 'covered', by: lastPayoutDate };
  const { statement, payout } = payoutOf(account, fact);
  if (payout) return { kind: 'pay', payout, statement };
  if (statement.carriedForward < 0) return { kind: 'carried_negative', statement };
  return { kind: 'nothing' };
}

export interface CloseTally {
  accounts: number;
  paid_count: number;
  /** Positive: money that left the company to employees. */
  paid_total_cents: Cents;
  carried_negative_count: number;
}

export const EMPTY_TALLY: CloseTally = {
  accounts: 0,
  paid_count: 0,
  paid_total_cents: cents(0),
  carried_negative_count: 0,
};

export const addTallies = (a: CloseTally, b: CloseTally): CloseTally => ({
  accounts: a.accounts + b.accounts,
  paid_count: a.paid_count + b.paid_count,
  paid_total_cents: addCents(a.paid_total_cents, b.paid_total_cents),
  carried_negative_count: a.carried_negative_count + b.carried_negative_count,
});

/** One account's contribution to its chunk's tally. `paid` is the payout's positive amount. */
export function tallyOf(
  outcome: 'paid' | 'carried_negative' | 'nothing',
  paid = cents(0),
): CloseTally {
  return {
    accounts: 1,
    paid_count: outcome === 'paid' ? 1 : 0,
    paid_total_cents: outcome === 'paid' ? paid : cents(0),
    carried_negative_count: outcome === 'carried_negative' ? 1 : 0,
  };
}

export type CloseStatus = 'running' | 'done';

/** A close of one date: one per date, ever; closing it again shows this one. */
export interface Close {
  date: string;
  requested_by: string | null;
  requested_at: string;
  /** Null until the fan-out has counted the accounts. */
  accounts_total: number | null;
  lanes_done: number;
  /**
   * Payout e-mails SES refused for good (`MessageRejected`: in the sandbox, an unverified
   * recipient): each recorded undeliverable on its payout, counted here once, never resent.
   */
  undeliverable: number;
}

/** Done once every lane has walked all of its accounts. */
export const closeStatusOf = (close: Close): CloseStatus =>
  close.lanes_done >= CLOSE_LANES ? 'done' : 'running';

/** The close as `GET /accounting/closes/{date}` shows it: the lanes' tallies summed. */
export const closeView = (close: Close, lanes: readonly CloseTally[]) => {
  const tally = lanes.reduce(addTallies, EMPTY_TALLY);
  return {
    date: close.date,
    status: closeStatusOf(close),
    accounts_total: close.accounts_total ?? 0,
    accounts_done: tally.accounts,
    paid_count: tally.paid_count,
    paid_total_cents: tally.paid_total_cents,
    carried_negative_count: tally.carried_negative_count,
    /** Payout e-mails SES refused for good; the money was paid, the statement was not mailed. */
    undeliverable: close.undeliverable,
    /** Who closed the date (null: the daily schedule) and when: "already closed on … by …". */
    requested_by: close.requested_by,
    requested_at: close.requested_at,
  };
};
