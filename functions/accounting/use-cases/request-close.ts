import { commit, ConditionsFailed } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import { businessDateOf } from '#shared/time/business-day';
import { closeView } from '../domain/close';
import { closableDate } from '../domain/days';
import type { AccountingDeps } from '../domain/ports';
import { closeStatus } from './close-status';

/**
 * The close of one business day, asked for by the midnight schedule or an admin. One close per
 * date, ever: asking again (or the schedule and the button together) shows the existing one.
 * 1. read: today; the date's close, if any. 2. decide: refuse a date not yet begun.
 * 3. write: the close and `accounting.close_requested`, conditional on there being none.
 */
export async function requestClose(
  deps: AccountingDeps,
  input: { date?: string; requestedBy: string | null },
  context: EventContext,
) {
  const now = deps.clock();
  const today = businessDateOf(now, deps.timeZone);
  const date = closableDate(input.date ?? today, today);
  if (await deps.closes.find(date)) return closeStatus(deps, date);
  const close = {
    date,
    requested_by: input.requestedBy,
    requested_at: now.toISOString(),
    accounts_total: null,
    lanes_done: 0,
  };
  try {
    await commit(deps.closes.requestItems(close, { ...context, now }));
  } catch (error) {
    if (error instanceof ConditionsFailed && error.failed('date_not_closed'))
      return closeStatus(deps, date);
    throw error;
  }
  return closeView(close, []);
}
