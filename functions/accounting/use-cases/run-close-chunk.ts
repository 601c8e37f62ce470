import type { DataOf } from '#events';
import { closeChunkRequestedV1 } from '#events/accounting/accounting.close_chunk_requested.v1';
import {
  MAX_PAYOUT_MAILS_PER_REQUEST,
  payoutMailsRequestedV1,
} from '#events/accounting/accounting.payout_mails_requested.v1';
import { METRIC } from '#shared/metrics/catalog';
import { MetricUnit, recordCents, recordMetric, whenCommitted } from '#shared/metrics/metrics';
import { prefetch } from '#shared/prefetch';
import { slicesOf } from '#shared/slices';
import type { Changes } from '#shared/unit-of-work/changes';
import { invocationTime, NotEnoughTimeError } from '#shared/time/invocation-budget';
import {
  addTallies,
  anotherPageFits,
  chunkMayStart,
  CLOSE_CHUNK_BUDGET_MS,
  CLOSE_PAGES_PER_CHUNK,
  EMPTY_TALLY,
} from '../domain/close';
import type { PageAsRead } from '../domain/close-page';
import type { AccountingDeps } from '../domain/ports';
import { payClosePage } from './pay-close-page';
import { readCloseAccounts } from './read-close-accounts';

/**
 * The reaction to `accounting.close_chunk_requested`: pays out up to five pages of 100 accounts
 * of one lane (fewer once four seconds have gone by, when the invocation's remaining time would
 * not hold another page, or at the lane's end); the next chunk's request carries the rest.
 * 1. read: the lane (a chunk already counted does nothing; one with too little of its invocation
 *    left is handed back unstarted); a page of the lane's account ids,
 *    then its accounts in one batch read (an account carries its latest payout's date and
 *    amount, so a page needs no read of payout entries). The next page is read while this one
 *    is paid.
 * 2. pay each page (`pay-close-page.ts`): its payouts commit in units of their own, 20 to a
 *    unit, side by side; an account paid for this date already is counted, not paid again.
 * 3. record, for the consumer to commit with the marker: the chunk's tally (guard
 *    `chunk_follows_last`: it follows the last counted chunk), the lane's end or the next
 *    chunk's request, and for each page one `accounting.payout_mails_requested` (every account
 *    of it paid for the date, also those an earlier delivery paid: the mail log sends each
 *    e-mail once).
 */
export async function runCloseChunk(
  deps: AccountingDeps,
  request: DataOf<typeof closeChunkRequestedV1>,
  changes: Changes,
): Promise<void> {
  const lane = await deps.closes.findLane(request.date, request.lane);
  if (!lane) throw new Error(`lane ${request.lane} of the close of ${request.date} does not exist`);
  if (lane.chunks_done >= request.chunk) return;
  const time = invocationTime();
  if (!chunkMayStart(time))
    throw new NotEnoughTimeError(`chunk ${request.chunk} of lane ${request.lane}`, time!);
  const { correlationId } = changes.context;
  // The injected clock: a test's fixed clock lets every chunk walk all its pages.
  const started = deps.clock().getTime();
  // Real time, the invocation deadline's own clock: how long the slowest page took.
  let slowestPageMs = 0;
  let pageStarted = Date.now();
  let tally = EMPTY_TALLY;
  const mails: DataOf<typeof payoutMailsRequestedV1>[] = [];
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
    const closed = await payClosePage(deps, page, request.date, correlationId);
    tally = addTallies(tally, closed.tally);
    for (const payouts of slicesOf(closed.paid, MAX_PAYOUT_MAILS_PER_REQUEST))
      mails.push({
        date: request.date,
        payouts: payouts.map(({ userId, amount }) => ({ user_id: userId, amount_cents: amount })),
      });
    const pageEnded = Date.now();
    slowestPageMs = Math.max(slowestPageMs, pageEnded - pageStarted);
    pageStarted = pageEnded;
    // A next page already read but not paid is left to the next chunk: reading changed nothing.
    if (more && anotherPageFits(invocationTime(), slowestPageMs)) continue;
    recordMetric(METRIC.payouts, tally.paid_count);
    recordCents(METRIC.payoutsCents, tally.paid_total_cents);
    deps.closes.chunkCounted(changes, request, tally, next === 'lane_done');
    if (next === 'lane_done') whenCommitted(() => measureFinishedClose(deps, request.date));
    else
      changes.publish(closeChunkRequestedV1, {
        date: request.date,
        lane: request.lane,
        chunk: request.chunk + 1,
        after: next.after,
      });
    for (const mail of mails) changes.publish(payoutMailsRequestedV1, mail);
    return;
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

/** A page of the lane's account ids after `after`, then those accounts as the close needs them. */
async function readPage(
  deps: AccountingDeps,
  lane: number,
  after: string | null,
  date: string,
): Promise<PageAsRead> {
  const page = await deps.accounts.lanePage(lane, after, deps.closePageSize);
  return {
    userIds: page.userIds,
    accounts: await readCloseAccounts(deps, page.userIds, date),
    next: page.exhausted || page.last === null ? 'lane_done' : { after: page.last },
  };
}
