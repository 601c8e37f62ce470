import type { TaskCreatedFacts } from '#events/tasker/upcast-task-created';
import type { DataOf, Role } from '#events';
import type { userCreatedV1 } from '#events/auth/user.created.v1';
import type { TransactItem } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import type { DayMoves } from './account-days';
import type { Close, CloseTally } from './close';
import type { Account, Entry } from './ledger';
import type { Cents } from '#shared/money';
import type { Price, RandomInt } from './pricing';

/** Every user CUD event carries the whole user at a revision. */
export type UserSnapshot = DataOf<typeof userCreatedV1>;

/** An account as stored: the ledger's part and what Accounting learned of the user. */
export interface AccountRecord extends Account {
  email: string | null;
  name: string | null;
  /** The revision of the last user snapshot applied; 0 when none has arrived yet. */
  userRevision: number;
  /** From the last user snapshot; null until one has arrived. */
  role: Role | null;
  active: boolean | null;
  /** The account's latest payout (positive amount) and its business date; null before the first. */
  lastPayout: { date: string; amount: Cents } | null;
}

export interface TaskDetails {
  id: string;
  title: string;
  jira_id: string | null;
  description: string;
}

export interface DayFigures {
  date: string;
  fees_cents: Cents;
  rewards_cents: Cents;
}

/** A movement as posted: its entry and the account after it, written as one transaction. */
export interface Posted {
  entry: Entry;
  account: Account;
  /** The revision read before posting: the balance update is conditional on it. */
  previousRevision: number;
}

/**
 * What the use cases need from storage. Writers return TransactItems: a reaction hands them to
 * the consumer (the event marker commits with them), a command or the close commits them.
 */
export interface AccountStore {
  find(userId: string): Promise<AccountRecord | undefined>;
  findMany(userIds: readonly string[]): Promise<Map<string, AccountRecord>>;
  /** Learns the user's e-mail and name, creating the account if need be; newer revisions win. */
  snapshotItems(snapshot: UserSnapshot): TransactItem[];
  /** Accounts in one close lane, now. */
  countInLane(lane: number): Promise<number>;
  /** Up to `limit` account ids of a lane after `after`, in a stable order. */
  lanePage(
    lane: number,
    after: string | null,
    limit: number,
  ): Promise<{ userIds: string[]; last: string | null; exhausted: boolean }>;
}

/** An account holder as Accounting knows them from Auth's user events. */
export interface Person {
  id: string;
  /** Null for an account a task event opened before its user's event arrived. */
  name: string | null;
  role: Role | null;
  active: boolean | null;
}

/** Every account holder by name: whose audit log an accountant may open. */
export interface PeopleDirectory {
  everyone(): Promise<Person[]>;
}

export interface LedgerStore {
  findEntry(userId: string, entryId: string): Promise<Entry | undefined>;
  /** Entry, balance (conditional on the revision read), figures, and the movement's events. */
  movementItems(posted: Posted, context: EventContext): TransactItem[];
  dayEntries(
    userId: string,
    date: string,
    page: { cursor?: string; limit: number },
  ): Promise<{ entries: Entry[]; nextCursor: string | null }>;
  /** The payout entries of one date of those accounts that have one (the close's own word). */
  payoutEntries(userIds: readonly string[], date: string): Promise<Map<string, Entry>>;
  /** The account's movements of every day from `date` on, from its account-day items. */
  daysFrom(userId: string, date: string): Promise<Map<string, DayMoves>>;
  /** The business date of the earliest movement ever posted; null before the first. */
  firstMovementDate(): Promise<string | null>;
  /** Before a fee or reward of `date` is posted: keeps the first movement's date the earliest. */
  recordMovementDate(date: string): Promise<void>;
  /** The company's figures, one per date asked for (zeros for a quiet day). */
  dayFigures(dates: readonly string[]): Promise<DayFigures[]>;
}

/** A fee or reward as its task's history shows it: one assignment's fee, or the completion's reward. */
export interface TaskMovement {
  id: string;
  userId: string;
  kind: 'fee' | 'reward';
  /** Signed, as in the ledger: fees negative. */
  amount: Cents;
  at: string;
}

/** A page of a task's movements, oldest first; `mine` keeps only one account's. */
export interface TaskHistoryPage {
  movements: TaskMovement[];
  nextCursor: string | null;
}

export interface TaskStore {
  findPrice(taskId: string): Promise<Price | undefined>;
  /** Whether Accounting has heard of the task at all: its details, its price or a movement. */
  findKnown(taskId: string): Promise<{ details: TaskDetails | null; price: Price | null } | null>;
  history(
    taskId: string,
    page: { cursor?: string; limit: number; onlyUser?: string },
  ): Promise<TaskHistoryPage>;
  /** The price, written once (conditional) with its `task.priced`. */
  priceItems(taskId: string, price: Price, pricedAt: Date, context: EventContext): TransactItem[];
  detailsItems(facts: TaskCreatedFacts): TransactItem[];
  findDetails(taskIds: readonly string[]): Promise<Map<string, TaskDetails>>;
}

/** A page of closes, newest first. */
export interface ClosePage {
  closes: Close[];
  nextCursor: string | null;
}

export interface CloseStore {
  find(date: string): Promise<Close | undefined>;
  /** Closes dated `to` or earlier (every one without `to`), newest first, a page at a time. */
  list(page: { to?: string; cursor?: string; limit: number }): Promise<ClosePage>;
  /** The latest date ever asked to close; null before the first close. */
  latestDate(): Promise<string | null>;
  /**
   * The close item, its `accounting.close_requested`, and the latest date moved to it; refused if
   * the date has a close (`date_not_closed`) or a later date has one (`no_later_close`).
   */
  requestItems(close: Close, context: EventContext): TransactItem[];
  /** Counted: the total and the first chunk request of every lane (once, conditional). */
  startItems(date: string, accountsTotal: number, context: EventContext): TransactItem[];
  findLane(date: string, lane: number): Promise<(CloseTally & { chunks_done: number }) | undefined>;
  laneTallies(date: string): Promise<(CloseTally & { chunks_done: number })[]>;
  /** The chunk's tally, once (chunk must follow the last counted), and the next request. */
  chunkDoneItems(
    request: { date: string; lane: number; chunk: number },
    tally: CloseTally,
    next: { after: string } | 'lane_done',
    context: EventContext,
  ): TransactItem[];
  /**
   * Marks a close whose every lane is done as finished, once: the close as it was when this call
   * marked it, or undefined if it is not done yet or another call marked it first.
   */
  markFinished(date: string, at: Date): Promise<Close | undefined>;
  /**
   * Counts `count` payout e-mails of the date's close as undeliverable: to commit in the same
   * transaction as the mail items that record them, so each is counted exactly once.
   */
  undeliverableItems(date: string, count: number): TransactItem[];
  /** The `accounting.payout_mails_requested` of one page's payouts (positive amounts). */
  payoutMailsItems(
    date: string,
    payouts: readonly PaidAccount[],
    context: EventContext,
  ): TransactItem[];
}

/** An account the close paid for a date, with what it was paid (positive). */
export interface PaidAccount {
  userId: string;
  amount: Cents;
}

export type Reservation =
  | { kind: 'reserved'; token: string }
  | { kind: 'sent' }
  /** SES rejected the recipient for good: the payout is recorded undeliverable, never resent. */
  | { kind: 'undeliverable' }
  | { kind: 'busy' };

/** Reserve → send → confirm: one payout e-mail, even if its request is delivered twice at once. */
export interface MailLog {
  reserve(payoutId: string, now: Date, leaseMs: number): Promise<Reservation>;
  /** Reserves many at once: one transaction when all are free, else each on its own. */
  reserveMany(
    payoutIds: readonly string[],
    now: Date,
    leaseMs: number,
  ): Promise<Map<string, Reservation>>;
  release(payoutId: string, token: string): Promise<void>;
  confirmItems(payoutId: string, token: string, messageId: string, now: Date): TransactItem[];
  /** Records that SES rejected the e-mail for good, with why: it is never sent again. */
  undeliverableItems(payoutId: string, token: string, reason: string, now: Date): TransactItem[];
}

/** An e-mail to send; `correlationId` goes in its headers, so the id finds the e-mail too. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  correlationId: string;
  /** What the e-mail is about (`payout:<user id>:<date>`): names it in its sending's log line. */
  reference: string;
}

export interface Mailer {
  /** The message id; throws RecipientRejectedError when SES refuses the recipient for good. */
  send(mail: OutgoingMail): Promise<string>;
}

/**
 * SES refused this e-mail for good (`MessageRejected`: in the sandbox, an unverified
 * recipient): sending it again would fail again, so the payout's e-mail is recorded undeliverable.
 */
export class RecipientRejectedError extends Error {
  constructor(readonly reason: string) {
    super(`SES rejected the e-mail: ${reason}`);
    this.name = 'RecipientRejectedError';
  }
}

export interface AccountingDeps {
  accounts: AccountStore;
  people: PeopleDirectory;
  ledger: LedgerStore;
  tasks: TaskStore;
  closes: CloseStore;
  mailLog: MailLog;
  clock: () => Date;
  random: RandomInt;
  timeZone: string;
  senderEmail: string;
}

/** Only the consumer sends e-mail: the routes and schedules are wired (and bundled) without SES. */
export interface MailingDeps extends AccountingDeps {
  mailer: Mailer;
}
