import type { TransactItem } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import { emptyAccount, post, type Movement } from '../domain/ledger';
import type { AccountingDeps, AccountRecord, Posted } from '../domain/ports';
import { rollPrice, type Price } from '../domain/pricing';

/** Posts a movement on the account as read; an account never seen starts empty at revision 0. */
export function postOn(
  account: AccountRecord | undefined,
  userId: string,
  movement: Movement,
): Posted {
  const current = account ?? emptyAccount(userId);
  return { ...post(current, movement), previousRevision: current.revision };
}

/**
 * A task's price: the stored one, or — on the first sight of the task — a fresh roll with the
 * items that store it (first writer wins) and publish `task.priced`. A roll that does not commit
 * was never seen by anyone, so the retry rolling again re-rolls nothing that counted.
 */
export async function priceOf(
  deps: AccountingDeps,
  taskId: string,
  context: EventContext,
): Promise<{ price: Price; items: TransactItem[] }> {
  const stored = await deps.tasks.findPrice(taskId);
  if (stored) return { price: stored, items: [] };
  const price = rollPrice(deps.random);
  return { price, items: deps.tasks.priceItems(taskId, price, deps.clock(), context) };
}
