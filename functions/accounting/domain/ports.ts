import type { TaskCreatedFacts } from '#events/tasker/upcast-task-created';
import type { DataOf, Role } from '#events';
import type { userCreatedV1 } from '#events/auth/user.created.v1';
import type { CurrentCallers } from '#shared/auth/current-callers';
import type { Changes, UnitOfWork } from '#shared/unit-of-work/changes';
import type { DayMoves } from './account-days';
import type { Close, CloseTally } from './close';
import type { Account, Entry } from './ledger';
import type { Cents } from '#shared/money';
import type { MailLog, Mailer } from './mailing';
import type { MovementReads } from './movement-reads';
import type { Price, RandomInt } from './pricing';
import type { Suppression } from './suppression';

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
 * What the use cases need from storage. Readers return domain values; writers record their
 * writes on the use case's `changes` (which a unit of work commits) and name their guards; the
 * use cases pick the events.
 */
export interface AccountStore {
  find(userId: string): Promise<AccountRecord | undefined>;
  findMany(userIds: readonly string[]): Promise<Map<string, AccountRecord>>;
  /**
   * Learns the user's e-mail, name, role and state, creating the account if need be; never
   * touches the balance. Guard `snapshot_is_newer`: the stored user revision is older.
   */
  learned(changes: Changes, snapshot: UserSnapshot): void;
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
export interface AccountHolder {
  id: string;
  /** Null for an account a task event opened before its user's event arrived. */
  name: string | null;
  role: Role | null;
  active: boolean | null;
}

/** Every account holder by name: whose audit log an accountant may open. */
export interface AccountHolderDirectory {
  everyone(): Promise<AccountHolder[]>;
}

export interface LedgerStore {
  /**
   * One movement: its entry, the balance and recent days, the account's day and (fee, reward)
   * the company's figures and the task's history line. Guards `movement_is_new` (no entry of
   * that id yet) and `balance_unchanged` (the account's revision is the one read).
   */
  posted(changes: Changes, posted: Posted): void;
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
  /** Whether Accounting has heard of the task at all: its details, its price or a movement. */
  findKnown(taskId: string): Promise<{ details: TaskDetails | null; price: Price | null } | null>;
  history(
    taskId: string,
    page: { cursor?: string; limit: number; onlyUser?: string },
  ): Promise<TaskHistoryPage>;
  /** The price, written once. Guard `price_is_new`: the task has no price yet. */
  priced(changes: Changes, taskId: string, price: Price, pricedAt: Date): void;
  /** The task as its creator described it, once (guard `task_is_new`: the first wins). */
  described(changes: Changes, facts: TaskCreatedFacts): void;
  findDetails(taskIds: readonly string[]): Promise<Map<string, TaskDetails>>;
}

/** One chunk of one lane of a date's close. */
export interface ChunkOfLane {
  date: string;
  lane: number;
  chunk: number;
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
   * The close item and the latest date moved to it. Guards `date_not_closed` (the date has no
   * close) and `no_later_close` (no later date has one).
   */
  requested(changes: Changes, close: Close): void;
  /**
   * Counted: the total and a tally item per lane. Guards `close_not_started` (the close exists
   * and has no total yet) and `lane_is_new`.
   */
  started(changes: Changes, date: string, accountsTotal: number): void;
  findLane(date: string, lane: number): Promise<(CloseTally & { chunks_done: number }) | undefined>;
  laneTallies(date: string): Promise<(CloseTally & { chunks_done: number })[]>;
  /**
   * The chunk's tally added to its lane, and at the lane's end one more lane done. Guard
   * `chunk_follows_last`: the lane's last counted chunk is the one before.
   */
  chunkCounted(changes: Changes, request: ChunkOfLane, tally: CloseTally, laneDone: boolean): void;
  /**
   * Marks a close whose every lane is done as finished, once: the close as it was when this call
   * marked it, or undefined if it is not done yet or another call marked it first.
   */
  markFinished(date: string, at: Date): Promise<Close | undefined>;
  /**
   * Counts `count` payout e-mails of the date's close as undeliverable, in the unit that records
   * them undeliverable, so each is counted exactly once. Guard `close_exists`.
   */
  undeliverableCounted(changes: Changes, date: string, count: number): void;
}

/** The addresses SES reported bounces or complaints for (domain/suppression.ts). */
export interface SuppressionStore {
  find(email: string): Promise<Suppression | undefined>;
  findMany(emails: readonly string[]): Promise<Map<string, Suppression>>;
  /** Every address ever reported, suppressed or cleared since, in address order. */
  all(): Promise<Suppression[]>;
  /**
   * The record as it now stands. Guard `suppression_unchanged`: it is still `previous` (its
   * feedback and clear times), or still absent when `previous` is undefined.
   */
  recorded(changes: Changes, next: Suppression, previous: Suppression | undefined): void;
}

/** An account the close paid for a date, with what it was paid (positive). */
export interface PaidAccount {
  userId: string;
  amount: Cents;
}

export type { MailLog, MailReservation, Mailer, OutgoingMail } from './mailing';
export type { MovementBasis, MovementKey, MovementReads } from './movement-reads';
export { RecipientRejectedError } from './mailing';

export interface AccountingDeps {
  unitOfWork: UnitOfWork;
  /** Who each caller is now, from the user snapshots the accounts learned (token revocation). */
  callers: CurrentCallers;
  accounts: AccountStore;
  people: AccountHolderDirectory;
  movementReads: MovementReads;
  ledger: LedgerStore;
  tasks: TaskStore;
  closes: CloseStore;
  mailLog: MailLog;
  suppressions: SuppressionStore;
  clock: () => Date;
  random: RandomInt;
  timeZone: string;
  senderEmail: string;
  /**
   * Accounts the close reads and pays at a time (CLOSE_PAGE_SIZE): a test walks several pages of
   * one lane with a few dozen accounts instead of hundreds.
   */
  closePageSize: number;
}

/** Only the consumer sends e-mail: the routes and schedules are wired (and bundled) without SES. */
export interface MailingDeps extends AccountingDeps {
  mailer: Mailer;
}
