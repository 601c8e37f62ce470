import { accountPaidV1 } from '#events/accounting/account.paid.v1';
import type { Changes } from '#shared/unit-of-work/changes';
import { ConditionsFailed, MAX_TRANSACTION_ITEMS } from '#shared/unit-of-work/commit-errors';
import { closeOutcomeOf, tallyOf } from '../domain/close';
import {
  groupsOf,
  joined,
  NOTHING_CLOSED,
  type AccountAsRead,
  type Closed,
  type PageAsRead,
} from '../domain/close-page';
import { payoutId } from '../domain/ids';
import type { AccountingDeps } from '../domain/ports';
import { movementEventOf, postOn } from '../domain/posting';
import { readCloseAccounts } from './read-close-accounts';

/** Re-reads of one account whose balance keeps moving between read and payout. */
const ATTEMPTS = 5;

/** A payout about to be committed: its account and its own unit (entry, balance, events). */
interface PendingPayout extends Closed {
  userId: string;
  changes: Changes;
}

/**
 * Part of a close chunk: pays one page of a lane, as read. For each account: pay a positive
 * end-of-day balance (payout entry keyed by account and date, balance and recent days
 * conditional on the revision read, account day, publishing `account.paid`); carry a negative
 * one; count one paid for this date already. The page's payouts commit in units of up to 100
 * items (25 payouts of 4), side by side; a unit refused
 * because one of its accounts moved meanwhile wrote nothing, and its accounts are then paid one
 * by one, each read again.
 */
export async function payClosePage(
  deps: AccountingDeps,
  page: PageAsRead,
  date: string,
  correlationId: string,
): Promise<Closed> {
  let closed = NOTHING_CLOSED;
  const payouts: PendingPayout[] = [];
  for (const userId of page.userIds) {
    const decided = decide(deps, userId, date, correlationId, page.accounts.get(userId));
    if ('changes' in decided) payouts.push({ userId, ...decided });
    else closed = joined(closed, decided);
  }
  const groups = groupsOf(payouts, (payout) => payout.changes.itemCount, MAX_TRANSACTION_ITEMS);
  const paid = await Promise.all(groups.map((group) => payGroup(deps, group, date, correlationId)));
  return paid.reduce(joined, closed);
}

/** One unit for the group; if refused by an account that moved, each on its own. */
async function payGroup(
  deps: AccountingDeps,
  group: readonly PendingPayout[],
  date: string,
  correlationId: string,
): Promise<Closed> {
  // The payouts' events carry the time each was decided, as when each committed on its own.
  const unit = deps.unitOfWork.begin({ correlationId, now: group[0]!.changes.context.now });
  for (const payout of group) unit.include(payout.changes);
  try {
    await deps.unitOfWork.commit(unit);
    return group.reduce<Closed>(joined, NOTHING_CLOSED);
  } catch (error) {
    if (!raced(error)) throw error;
    // A refused unit wrote nothing: every account of it is read again and paid alone.
    const closed = await Promise.all(
      group.map(async ({ userId }) =>
        closeAccount(
          deps,
          userId,
          date,
          correlationId,
          (await readCloseAccounts(deps, [userId], date)).get(userId),
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

/** What one account needs, as read: counted as it is, or a payout to commit. */
function decide(
  deps: AccountingDeps,
  userId: string,
  date: string,
  correlationId: string,
  read: AccountAsRead | undefined,
): Closed | (Closed & { changes: Changes }) {
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
  const posted = postOn(account, userId, outcome.payout);
  const changes = deps.unitOfWork.begin({ correlationId, now });
  deps.ledger.posted(changes, posted);
  changes.publish(accountPaidV1, movementEventOf(posted.entry));
  return { changes, tally: tallyOf('paid', amount), paid: [{ userId, amount }] };
}

/** One account alone: read, decide, pay; a movement landing in between makes it read again. */
async function closeAccount(
  deps: AccountingDeps,
  userId: string,
  date: string,
  correlationId: string,
  read: AccountAsRead | undefined,
  attempt = 1,
): Promise<Closed> {
  const decided = decide(deps, userId, date, correlationId, read);
  if (!('changes' in decided)) return decided;
  try {
    await deps.unitOfWork.commit(decided.changes);
    return { tally: decided.tally, paid: decided.paid };
  } catch (error) {
    if (!raced(error) || attempt >= ATTEMPTS) throw error;
    const again = (await readCloseAccounts(deps, [userId], date)).get(userId);
    return closeAccount(deps, userId, date, correlationId, again, attempt + 1);
  }
}
