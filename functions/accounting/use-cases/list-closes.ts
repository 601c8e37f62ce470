import { addDays, businessDateOf } from '#shared/time/business-day';
import { closeStatusOf } from '../domain/close';
import type { AccountingDeps } from '../domain/ports';

/**
 * The closed days, newest first, a page at a time, with the day a close would pay now.
 * 1. read today on the business clock, the latest date closed and a page of closes (up to `to`).
 */
export async function listCloses(
  deps: Pick<AccountingDeps, 'closes' | 'clock' | 'timeZone'>,
  query: { to?: string; cursor?: string; limit: number },
) {
  const today = businessDateOf(deps.clock(), deps.timeZone);
  const [latest, page] = await Promise.all([deps.closes.latestDate(), deps.closes.list(query)]);
  return {
    /** The most recent day that has ended: what a close without a date pays. */
    last_ended_day: addDays(today, -1),
    latest_closed_date: latest,
    closes: page.closes.map((close) => ({
      date: close.date,
      status: closeStatusOf(close),
      accounts_total: close.accounts_total ?? 0,
      requested_by: close.requested_by,
      requested_at: close.requested_at,
    })),
    next_cursor: page.nextCursor,
  };
}
