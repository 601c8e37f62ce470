import type { TransactItem } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import { CLOSE_LANES } from '../domain/close';
import type { AccountingDeps } from '../domain/ports';

/**
 * The reaction to `accounting.close_requested`: the fan-out.
 * 1. read the close; a close already started changes nothing.
 * 2. count the accounts of every lane (the denominator of the progress).
 * 3. write: the total, a tally item per lane, and the first chunk request of every lane.
 */
export async function startClose(
  deps: AccountingDeps,
  date: string,
  context: EventContext,
): Promise<TransactItem[]> {
  const close = await deps.closes.find(date);
  if (!close) throw new Error(`the close of ${date} was requested but is not stored`);
  if (close.accounts_total !== null) return [];
  const counts = await Promise.all(
    Array.from({ length: CLOSE_LANES }, (_, lane) => deps.accounts.countInLane(lane)),
  );
  return deps.closes.startItems(
    date,
    counts.reduce((a, b) => a + b, 0),
    context,
  );
}
