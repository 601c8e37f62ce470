import { closeRequestedV1 } from '#events/accounting/accounting.close_requested.v1';
import { businessDateOf } from '#shared/time/business-day';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { CLOSE_LANES, closeView } from '../domain/close';
import { closableDate } from '../domain/days';
import type { AccountingDeps } from '../domain/ports';
import { closeStatus } from './close-status';

/** A close as the request answers it: `covered_by` names the later close that paid its money. */
export type RequestedClose = ReturnType<typeof closeView> & { covered_by: string | null };

/**
 * The close of one business day, asked for by the midnight schedule or an admin. One close per
 * date, ever: asking again (or the schedule and the button together) shows the existing one.
 * 1. read: today; the first movement's date; the date's close; the latest date ever closed.
 * 2. decide: refuse a day not over, one older than the event archive, one before the first
 *    movement (`domain/days.ts`); a day with a close shows it; a day before the latest close
 *    is covered by it (that close paid every unpaid movement up to its date): nothing to pay.
 * 3. commit: the close and the latest date (guards `date_not_closed`, `no_later_close`: the date
 *    has no close and no later date has one), publishing `accounting.close_requested`; a lost
 *    race answers with the close that won.
 */
export async function requestClose(
  deps: AccountingDeps,
  input: { date?: string; requestedBy: string | null },
  context: { correlationId: string },
): Promise<RequestedClose> {
  const now = deps.clock();
  const today = businessDateOf(now, deps.timeZone);
  const date = closableDate(input.date, today, await deps.ledger.firstMovementDate());
  const existing = await existingOrCovered(deps, date);
  if (existing) return existing;
  const close = {
    date,
    requested_by: input.requestedBy,
    requested_at: now.toISOString(),
    accounts_total: null,
    lanes_done: 0,
    undeliverable: 0,
  };
  const changes = deps.unitOfWork.begin({ correlationId: context.correlationId, now });
  deps.closes.requested(changes, close);
  changes.publish(closeRequestedV1, {
    date,
    requested_by: close.requested_by,
    requested_at: close.requested_at,
  });
  try {
    await deps.unitOfWork.commit(changes);
  } catch (error) {
    if (
      error instanceof ConditionsFailed &&
      (error.failed('date_not_closed') || error.failed('no_later_close'))
    )
      return (await existingOrCovered(deps, date))!;
    throw error;
  }
  return { ...closeView(close, []), covered_by: null };
}

/** The date's own close, or — when a later date was closed first — a close that pays nothing. */
async function existingOrCovered(
  deps: AccountingDeps,
  date: string,
): Promise<RequestedClose | undefined> {
  if (await deps.closes.find(date)) return { ...(await closeStatus(deps, date)), covered_by: null };
  const latest = await deps.closes.latestDate();
  if (latest === null || latest < date) return undefined;
  const nothing = closeView(
    {
      date,
      requested_by: null,
      requested_at: '',
      accounts_total: 0,
      lanes_done: CLOSE_LANES,
      undeliverable: 0,
    },
    [],
  );
  return { ...nothing, covered_by: latest };
}
