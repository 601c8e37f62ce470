import { countsAsAdmin } from './admin-invariant';
import { isOperator, type Actor } from './actor';
import { AuthError } from './errors';
import type { User } from './user';

/**
 * Who may be changed how. Admin-only routes are enforced by the route declaration, and the
 * caller's *current* right to act by each command's transaction (`caller_may_act`); these are
 * the rules that depend on *whom* the admin is changing.
 *
 * An admin may not demote or deactivate themselves: together with "the caller must be an active
 * admin when the change commits" and the active-admin count, no sequence or race of admin
 * commands leaves the company without an admin (docs/security.md, "The admin invariant").
 */
export function assertMayChangeRole(actor: Actor, target: User) {
  if (!isOperator(actor) && actor.id === target.id)
    throw new AuthError('own_account', 'you cannot change your own role; ask another admin');
}

export function assertMayDeactivate(actor: Actor, target: User) {
  if (!isOperator(actor) && actor.id === target.id)
    throw new AuthError('own_account', 'you cannot deactivate yourself; ask another admin');
}

/**
 * A deactivated account is kept for history only; renaming or re-roling it changes nothing
 * unless the same change reactivates it.
 */
export function assertActive(target: User) {
  if (!target.active)
    throw new AuthError('user_inactive', `user ${target.id} is deactivated and cannot be changed`);
}

/**
 * When admins change their own account (a rename), the transaction's guard on the target's
 * revision already pins the caller's state; this says what that state must be.
 */
export function assertCallerMayAct(caller: User) {
  if (!countsAsAdmin(caller))
    throw new AuthError('caller_not_permitted', 'your account is no longer an active admin');
}
