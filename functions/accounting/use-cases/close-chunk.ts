import type { DataOf } from '#events';
import type { closeChunkRequestedV1 } from '#events/accounting/accounting.close_chunk_requested.v1';
import { MAX_PAYOUT_MAILS_PER_REQUEST } from '#events/accounting/accounting.payout_mails_requested.v1';
import { commit, ConditionsFailed, MAX_TRANSACTION_ITEMS, type TransactItem } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import { METRIC } from '#shared/metrics/catalog';
import { MetricUnit, recordCents, recordMetric, whenCommitted } from '#shared/metrics/metrics';
import { prefetch } from '#shared/prefetch';
import { slicesOf } from '#shared/slices';
import {
  addTallies,
  CLOSE_CHUNK_BUDGET_MS,
  CLOSE_PAGE_SIZE,
  CLOSE_PAGES_PER_CHUNK,
  closeOutcomeOf,
  EMPTY_TALLY,
  tallyOf,
  type CloseTally,
} from '../domain/close';
import { payoutId } from '../domain/ids';
import { knowsFrom, widenedTo } from '../domain/account-days';
import type { Entry } from '../domain/ledger';
import { negate, type Cents } from '#shared/money';
import type { AccountingDeps, AccountRecord, PaidAccount } from '../domain/ports';
import { postOn } from './movement';

/** Re-reads of one account whose balance keeps moving between read and payout. */
const ATTEMPTS = 5;

/** Where a lane's walk goes after a page: on from its last account, or nowhere. */
type Next = { after: string } | 'lane_done';

/** What closing some accounts came to: their tally, and who of them is paid for the date. */
interface Closed {
  tally: CloseTally;
  paid: PaidAccount[];
}

const NOTHING_CLOSED: Closed = { tally: EMPTY_TALLY, paid: [] };
const joined = (a: Closed, b: Closed): Closed => ({
  tally: addTallies(a.tally, b.tally),
  paid: [...a.paid, ...b.paid],
});

/** One page of a lane, read: its accounts, each as the close of the date needs it. */
interface PageAsRead {
  userIds: readonly string[];
  accounts: Map<string, AccountAsRead>;
  next: Next;
}

/**
 * The reaction to `accounting.close_chunk_requested`: pays out up to five pages of 100 accounts
 * of one lane (fewer once four seconds have gone by, or at the lane's end).
 * 1. read: the lane (a chunk already counted does nothing); a page of the lane's account ids,
 *    then its accounts in one batch read (an account carries its latest payout's date and
 *    amount, so a page needs no read of payout entries). The next page is read while this one
 *    is paid.
 * 2. for each account: pay a positive balance (payout entry keyed by account and date, balance
 *    to zero conditional on the revision read, account day, `account.paid`,
 *    `user.balance_changed`); carry a negative one; an account paid for this date already is
 *    counted, not paid again (a redelivered chunk). The page's payouts commit in transactions
 *    of up to 100 items (20 payouts), side by side; a transaction refused because one of its
 *    accounts moved meanwhile wrote nothing, and its accounts are then paid one by one, each
 *    read again.
 * 3. return, for the consumer to commit with the marker: the chunk's tally (conditional on it
 *    following the last counted chunk), the next chunk's request or the lane's end, and for
 *    each page one request to e-mail its payouts (every account of it paid for the date, also
 *    those an earlier delivery paid: the mail log sends each e-mail once).
 */
export async function closeChunk(
  deps: AccountingDeps,
  request: DataOf<typeof closeChunkRequestedV1>,
  context: EventContext,
): Promise<TransactItem[]> {
  const lane = await deps.closes.findLane(request.date, request.lane);
  if (!lane) throw new Error(`lane ${request.lane} of the close of ${request.date} does not exist`);
  if (lane.chunks_done >= request.chunk) return [];
  // The injected clock: a test's fixed clock lets every chunk walk all its pages.
  const started = deps.clock().getTime();
  let tally = EMPTY_TALLY;
  const mails: TransactItem[] = [];
  let reading = readPage(deps, request.lane, request.after, request.date);
  for (let pages = 1; ; pages++) {
    const page = await reading;
    const { next } = page;
    const more =
      next !== 'lane_done' &&
      pages < CLOSE_PAGES_PER_CHUNK &&
      deps.clock().getTime() - started < CLOSE_CHUNK_BUDGET_MS;
    // The next page's reads overlap this page's payouts; it is read before any of them commit,
    // and a payout of an account that moved meanwhile is refused and read again.
    if (more) reading = prefetch(readPage(deps, request.lane, next.after, request.date));
    const closed = await closePage(deps, page, request.date, context);
    tally = addTallies(tally, closed.tally);
    for (const payouts of slicesOf(closed.paid, MAX_PAYOUT_MAILS_PER_REQUEST))
      mails.push(...deps.closes.payoutMailsItems(request.date, payouts, context));
    if (!more) {
      recordMetric(METRIC.payouts, tally.paid_count);
      recordCents(METRIC.payoutsCents, tally.paid_total_cents);
      if (next === 'lane_done') whenCommitted(() => measureFinishedClose(deps, request.date));
      return [...deps.closes.chunkDoneItems(request, tally, next, context), ...mails];
    }
  }
}

/**
 * After a lane's last chunk committed: if that was the close's last lane, the close is done and
 * its duration and pace are recorded. Lanes end side by side, and more than one may see the
 * close done; only the one whose conditional mark lands records it.
 */
async function measureFinishedClose(deps: AccountingDeps, date: string) {
  const now = deps.clock();
  const close = await deps.closes.markFinished(date, now);
  if (!close?.requested_at) return;
  const ms = Math.max(1, now.getTime() - Date.parse(close.requested_at));
  recordMetric(METRIC.closesFinished);
  recordMetric(METRIC.closeDuration, ms, MetricUnit.Milliseconds);
  recordMetric(
    METRIC.closeAccountsPerSecond,
    Math.round(((close.accounts_total ?? 0) * 1000) / ms),
    MetricUnit.CountPerSecond,
  );
}

async function readPage(
  deps: AccountingDeps,
  lane: number,
  after: string | null,
  date: string,
): Promise<PageAsRead> {
  const page = await deps.accounts.lanePage(lane, after, CLOSE_PAGE_SIZE);
  return {
    userIds: page.userIds,
    accounts: await readAccounts(deps, page.userIds, date),
    next: page.exhausted || page.last === null ? 'lane_done' : { after: page.last },
  };
}

/** A payout about to be committed: its account and the transaction items that pay it. */
interface PendingPayout extends Closed {
  userId: string;
  items: TransactItem[];
}

async function closePage(
  deps: AccountingDeps,
  page: PageAsRead,
  date: string,
  context: EventContext,
): Promise<Closed> {
  let closed = NOTHING_CLOSED;
  const payouts: PendingPayout[] = [];
  for (const userId of page.userIds) {
    const decided = decide(deps, userId, date, context, page.accounts.get(userId));
    if ('items' in decided) payouts.push({ userId, ...decided });
    else closed = joined(closed, decided);
  }
  const groups = await Promise.all(
    groupsOf(payouts).map((group) => payGroup(deps, group, date, context)),
  );
  return groups.reduce(joined, closed);
}

/** Payouts packed into transactions of at most 100 items, in page order. */
function groupsOf(payouts: readonly PendingPayout[]): PendingPayout[][] {
  const groups: PendingPayout[][] = [];
  let current: PendingPayout[] = [];
  let items = 0;
  for (const payout of payouts) {
    if (items + payout.items.length > MAX_TRANSACTION_ITEMS) {
      groups.push(current);
      current = [];
      items = 0;
    }
    current.push(payout);
    items += payout.items.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** One transaction for the group; if refused by an account that moved, each on its own. */
async function payGroup(
  deps: AccountingDeps,
  group: readonly PendingPayout[],
  date: string,
  context: EventContext,
): Promise<Closed> {
  try {
    await commit(group.flatMap((payout) => payout.items));
    return group.reduce<Closed>(joined, NOTHING_CLOSED);
  } catch (error) {
    if (!raced(error)) throw error;
    // A refused transaction wrote nothing: every account of it is read again and paid alone.
    const closed = await Promise.all(
      group.map(async (payout) =>
        closeAccount(
          deps,
          payout.userId,
          date,
          context,
          (await readAccounts(deps, [payout.userId], date)).get(payout.userId),
        ),
      ),
    );
    return closed.reduce(joined, NOTHING_CLOSED);
  }
}

/** Someone else moved the balance, or paid the account, between our read and our commit. */
const raced = (error: unknown) =>
  error instanceof ConditionsFailed &&
  (error.failed('balance_unchanged') || error.failed('movement_is_new'));

/** An account as the close of a date needs it. */
interface AccountAsRead {
  /** Its recent days widened to know the date when they did not. */
  account: AccountRecord;
  /** What the account was paid for the date already (positive), from that payout's entry. */
  paidBefore: Cents | undefined;
}

/**
 * Accounts as the close of `date` needs them, the accounts first (one batch read), then what
 * only some need: the date's payout entries of those whose latest payout is not older than the
 * date (a redelivered chunk, or a later close that got there first), and the account-day items
 * of those whose recent days do not reach back to the date. Read after the accounts, these can
 * only be newer; a payout is conditional on the account's revision as read, so a movement in
 * between refuses it and the account is read again.
 */
async function readAccounts(
  deps: AccountingDeps,
  userIds: readonly string[],
  date: string,
): Promise<Map<string, AccountAsRead>> {
  const accounts = await deps.accounts.findMany(userIds);
  const all = [...accounts.values()];
  const mayBePaid = all.filter((a) => a.lastPayout !== null && a.lastPayout.date >= date);
  const [entries, widened] = await Promise.all([
    mayBePaid.length > 0
      ? deps.ledger.payoutEntries(
          mayBePaid.map((a) => a.userId),
          date,
        )
      : new Map<string, Entry>(),
    Promise.all(
      all
        .filter((a) => !knowsFrom(a.recent, date))
        .map(async (a) => ({
          ...a,
          recent: widenedTo(date, await deps.ledger.daysFrom(a.userId, date)),
        })),
    ),
  ]);
  for (const account of widened) accounts.set(account.userId, account);
  return new Map(
    [...accounts].map(([userId, account]) => {
      const entry = entries.get(userId);
      return [userId, { account, paidBefore: entry && negate(entry.amount) }];
    }),
  );
}

/** What one account needs, as read: counted as it is, or a payout to commit. */
function decide(
  deps: AccountingDeps,
  userId: string,
  date: string,
  context: EventContext,
  read: AccountAsRead | undefined,
): Closed | (Closed & { items: TransactItem[] }) {
  if (!read) throw new Error(`account ${userId} is listed in its lane but cannot be read`);
  const { account, paidBefore } = read;
  const now = deps.clock();
  const outcome = closeOutcomeOf(account, account.lastPayout?.date ?? null, paidBefore, {
    id: payoutId(userId, date),
    at: now.toISOString(),
    businessDate: date,
  });
  if (outcome.kind === 'already_paid')
    return { tally: tallyOf('paid', outcome.amount), paid: [{ userId, amount: outcome.amount }] };
  if (outcome.kind === 'covered') return { tally: tallyOf('nothing'), paid: [] };
  if (outcome.kind !== 'pay') return { tally: tallyOf(outcome.kind), paid: [] };
  const amount = outcome.statement.paidOut;
  return {
    items: deps.ledger.movementItems(postOn(account, userId, outcome.payout), { ...context, now }),
    tally: tallyOf('paid', amount),
    paid: [{ userId, amount }],
  };
}

/** One account alone: read, decide, pay; a movement landing in between makes it read again. */
async function closeAccount(
  deps: AccountingDeps,
  userId: string,
  date: string,
  context: EventContext,
  read: AccountAsRead | undefined,
  attempt = 1,
): Promise<Closed> {
  const decided = decide(deps, userId, date, context, read);
  if (!('items' in decided)) return decided;
  try {
    await commit(decided.items);
    return { tally: decided.tally, paid: decided.paid };
  } catch (error) {
    if (!raced(error) || attempt >= ATTEMPTS) throw error;
    return closeAccount(
      deps,
      userId,
      date,
      context,
      (await readAccounts(deps, [userId], date)).get(userId),
      attempt + 1,
    );
  }
}
