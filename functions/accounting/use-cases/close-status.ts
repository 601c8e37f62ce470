import { closeView } from '../domain/close';
import { AccountingError } from '../domain/errors';
import type { AccountingDeps } from '../domain/ports';

/** The progress of a day's close: its lanes' tallies summed. 1. read the close and its lanes. */
export async function closeStatus(deps: AccountingDeps, date: string) {
  const close = await deps.closes.find(date);
  if (!close) throw new AccountingError('close_not_found', `${date} has not been closed`);
  return closeView(close, await deps.closes.laneTallies(date));
}
