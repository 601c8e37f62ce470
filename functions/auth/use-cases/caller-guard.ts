import type { TransactItem } from '#shared/dynamo';
import { ACCOUNT_ADMIN_ROLES, isOperator, type Actor } from '../domain/actor';
import type { AuthDeps } from '../domain/ports';

/**
 * The items that make an account command stand or fall with its caller's rights *when it
 * commits*: the caller's own account must then be active and an admin. A token is only what
 * was true when it was issued; a deactivated or demoted admin racing their own removal is
 * refused by this condition, not by the token check. The operator (admin script) has no
 * account to check. A change to the caller's own account is pinned by that account's revision
 * guard instead (DynamoDB allows one operation per item in a transaction).
 */
export function callerMayAct(
  deps: Pick<AuthDeps, 'users'>,
  actor: Actor,
  targetId?: string,
): TransactItem[] {
  if (isOperator(actor) || actor.id === targetId) return [];
  return deps.users.callerMayActItems(actor.id, ACCOUNT_ADMIN_ROLES);
}
