import type { TransactItem } from '#shared/dynamo';
import type { AccountingDeps, UserSnapshot } from '../domain/ports';

/**
 * The reaction to every user CUD event: each carries the whole user, so the newest revision's
 * e-mail and name win in any order, and the account exists from its user's first sight.
 * 1. read the account. 2. a snapshot no newer than the one applied changes nothing.
 * 3. write the e-mail and name (conditional on the revision still being older).
 */
export async function learnUser(
  deps: AccountingDeps,
  snapshot: UserSnapshot,
): Promise<TransactItem[]> {
  const account = await deps.accounts.find(snapshot.id);
  if (account && account.userRevision >= snapshot.revision) return [];
  return deps.accounts.snapshotItems(snapshot);
}
