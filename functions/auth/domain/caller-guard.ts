import type { Changes } from '#shared/unit-of-work/changes';
import { ACCOUNT_ADMIN_ROLES, isOperator, type Actor } from './actor';
import type { UserStore } from './ports';

/**
 * Makes an account command stand or fall with its caller's rights *when it commits*: the
 * caller's own account must then be active and an admin. A token is only what was true when it
 * was issued; a deactivated or demoted admin racing their own removal is refused by this
 * condition, not by the token check. The operator (admin script) has no account to check. A
 * change to the caller's own account is pinned by that account's revision guard instead
 * (DynamoDB allows one operation per item in a transaction).
 */
export function callerMayAct(
  changes: Changes,
  users: UserStore,
  actor: Actor,
  targetId?: string,
): void {
  if (isOperator(actor) || actor.id === targetId) return;
  users.callerStillMayAct(changes, actor.id, ACCOUNT_ADMIN_ROLES);
}
