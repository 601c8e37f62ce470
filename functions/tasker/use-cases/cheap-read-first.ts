import { TaskerError } from '../domain/errors';
import { CONSISTENT, EVENTUAL, type ReadConsistency } from '../domain/read-consistency';

/**
 * Decides on an eventually consistent read (half the read units) and, when that decision
 * refuses (throws a TaskerError), reads again consistently and decides once more: a stale read never makes
 * the caller refuse what the item now allows. What it lets through must be guarded by a
 * condition at commit, since the item may have moved on since either read.
 */
export async function decideOnCheapRead<T, R>(
  read: (consistency: ReadConsistency) => Promise<T>,
  decide: (value: T) => R,
): Promise<R> {
  const cheap = await read(EVENTUAL);
  try {
    return decide(cheap);
  } catch (error) {
    // Only a refusal is decided again; anything else is a bug, not a stale read.
    if (!(error instanceof TaskerError)) throw error;
    return decide(await read(CONSISTENT));
  }
}
