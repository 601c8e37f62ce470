import { emptyAccount, post, type Entry, type Movement } from './ledger';
import type { AccountRecord, Posted } from './ports';

/** Posts a movement on the account as read; an account never seen starts empty at revision 0. */
export function postOn(
  account: AccountRecord | undefined,
  userId: string,
  movement: Movement,
): Posted {
  const current = account ?? emptyAccount(userId);
  return { ...post(current, movement), previousRevision: current.revision };
}

/** What `account.fined` / `rewarded` / `paid` say of an entry: the same fields for each kind. */
export const movementEventOf = (entry: Entry) => ({
  transaction_id: entry.id,
  user_id: entry.userId,
  task_id: entry.taskId,
  amount_cents: entry.amount,
  balance_cents: entry.balanceAfter,
  business_date: entry.businessDate,
  at: entry.at,
});
