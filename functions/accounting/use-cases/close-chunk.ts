import type { DataOf } from '#events';
import type { closeChunkRequestedV1 } from '#events/accounting/accounting.close_chunk_requested.v1';
import { commit, ConditionsFailed, type TransactItem } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import {
  addTallies,
  CLOSE_CHUNK_SIZE,
  closeOutcomeOf,
  EMPTY_TALLY,
  tallyOf,
  type CloseTally,
} from '../domain/close';
import { payoutId } from '../domain/ids';
import { payoutOf, type Entry } from '../domain/ledger';
import { negate } from '../domain/money';
import type { AccountingDeps, AccountRecord } from '../domain/ports';
import { postOn } from './movement';

/** Payouts committed side by side within one chunk. */
const PARALLEL_PAYOUTS = 25;
/** Re-reads of one account whose balance keeps moving between read and payout. */
const ATTEMPTS = 5;

/**
 * The reaction to `accounting.close_chunk_requested`: pays out up to 100 accounts of one lane.
 * 1. read: the lane (a chunk already counted does nothing); the next page of the lane's accounts.
 * 2. for each account, committed on its own: pay a positive balance (payout entry keyed by
 *    account and date, balance to zero conditional on the revision read, `account.paid`,
 *    `user.balance_changed`); carry a negative one; an account paid for this date already is
 *    counted, not paid again (a redelivered chunk).
 * 3. return, for the consumer to commit with the marker: the chunk's tally (conditional on it
 *    following the last counted chunk) and the next chunk's request, or the lane's end.
 */
export async function closeChunk(
  deps: AccountingDeps,
  request: DataOf<typeof closeChunkRequestedV1>,
  context: EventContext,
): Promise<TransactItem[]> {
  const lane = await deps.closes.findLane(request.date, request.lane);
  if (!lane) throw new Error(`lane ${request.lane} of the close of ${request.date} does not exist`);
  if (lane.chunks_done >= request.chunk) return [];
  const page = await deps.accounts.lanePage(request.lane, request.after, CLOSE_CHUNK_SIZE);
  const tally = await closeAll(deps, page.userIds, request.date, context);
  const next = page.exhausted || page.last === null ? 'lane_done' : { after: page.last };
  return deps.closes.chunkDoneItems(request, tally, next, context);
}

async function closeAll(
  deps: AccountingDeps,
  userIds: readonly string[],
  date: string,
  context: EventContext,
): Promise<CloseTally> {
  // The whole page in two batch reads; only an account that moves meanwhile is read again alone.
  const [accounts, payouts] = await Promise.all([
    deps.accounts.findMany(userIds),
    deps.ledger.findEntries(userIds.map((userId) => ({ userId, entryId: payoutId(userId, date) }))),
  ]);
  const paidBefore = new Map(payouts.map((entry) => [entry.userId, entry]));
  let tally = EMPTY_TALLY;
  for (let i = 0; i < userIds.length; i += PARALLEL_PAYOUTS) {
    const part = userIds.slice(i, i + PARALLEL_PAYOUTS);
    const tallies = await Promise.all(
      part.map((id) =>
        closeAccount(deps, id, date, context, {
          account: accounts.get(id),
          paid: paidBefore.get(id),
        }),
      ),
    );
    tally = tallies.reduce(addTallies, tally);
  }
  return tally;
}

interface AccountAsRead {
  account: AccountRecord | undefined;
  paid: Entry | undefined;
}

const readAccount = async (
  deps: AccountingDeps,
  userId: string,
  date: string,
): Promise<AccountAsRead> => {
  const [account, paid] = await Promise.all([
    deps.accounts.find(userId),
    deps.ledger.findEntry(userId, payoutId(userId, date)),
  ]);
  return { account, paid };
};

/** One account: read, decide, pay; a movement landing in between makes it read again. */
async function closeAccount(
  deps: AccountingDeps,
  userId: string,
  date: string,
  context: EventContext,
  read: AccountAsRead,
  attempt = 1,
): Promise<CloseTally> {
  const id = payoutId(userId, date);
  const { account, paid } = read;
  if (!account) throw new Error(`account ${userId} is listed in its lane but cannot be read`);
  const outcome = closeOutcomeOf(account, paid && negate(paid.amount));
  if (outcome.kind === 'already_paid') return tallyOf('paid', outcome.amount);
  if (outcome.kind !== 'pay') return tallyOf(outcome.kind);

  const now = deps.clock();
  const payout = payoutOf(account, { id, at: now.toISOString(), businessDate: date })!;
  try {
    await commit(deps.ledger.movementItems(postOn(account, userId, payout), { ...context, now }));
    return tallyOf('paid', negate(payout.amount));
  } catch (error) {
    const raced =
      error instanceof ConditionsFailed &&
      (error.failed('balance_unchanged') || error.failed('movement_is_new'));
    if (!raced || attempt >= ATTEMPTS) throw error;
    return closeAccount(
      deps,
      userId,
      date,
      context,
      await readAccount(deps, userId, date),
      attempt + 1,
    );
  }
}
