import type { Changes } from '#shared/unit-of-work/changes';
import type { AccountingDeps, UserSnapshot } from '../domain/ports';

/**
 * The reaction to every user CUD event: each carries the whole user, so the newest revision's
 * e-mail and name win in any order, and the account exists from its user's first sight.
 * 1. read the account. 2. a snapshot no newer than the one applied changes nothing.
 * 3. record the e-mail and name (guard `snapshot_is_newer`: the revision is still older).
 */
export async function learnUser(
  deps: AccountingDeps,
  snapshot: UserSnapshot,
  changes: Changes,
): Promise<void> {
  const account = await deps.accounts.find(snapshot.id);
  if (account && account.userRevision >= snapshot.revision) return;
  deps.accounts.learned(changes, snapshot);
}
