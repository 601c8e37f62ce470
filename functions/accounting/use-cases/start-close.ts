import { closeChunkRequestedV1 } from '#events/accounting/accounting.close_chunk_requested.v1';
import type { Changes } from '#shared/unit-of-work/changes';
import { CLOSE_LANES } from '../domain/close';
import type { AccountingDeps } from '../domain/ports';

/**
 * The reaction to `accounting.close_requested`: the fan-out.
 * 1. read the close; a close already started changes nothing.
 * 2. count the accounts of every lane (the denominator of the progress).
 * 3. record: the total and a tally item per lane (guards `close_not_started`, `lane_is_new`),
 *    and publish the first `accounting.close_chunk_requested` of every lane.
 */
export async function startClose(
  deps: AccountingDeps,
  date: string,
  changes: Changes,
): Promise<void> {
  const close = await deps.closes.find(date);
  if (!close) throw new Error(`the close of ${date} was requested but is not stored`);
  if (close.accounts_total !== null) return;
  const counts = await Promise.all(
    Array.from({ length: CLOSE_LANES }, (_, lane) => deps.accounts.countInLane(lane)),
  );
  deps.closes.started(
    changes,
    date,
    counts.reduce((a, b) => a + b, 0),
  );
  for (let lane = 0; lane < CLOSE_LANES; lane++)
    changes.publish(closeChunkRequestedV1, { date, lane, chunk: 1, after: null });
}
