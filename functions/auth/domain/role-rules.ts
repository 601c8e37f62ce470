import type { User } from './user';
import { AuthError } from './errors';

/**
 * Who may be changed how. Admin-only routes are enforced by the route declaration; these are
 * the rules that depend on *whom* the admin is changing.
 *
 * An admin may not demote or deactivate themselves: that is the one change that can leave the
 * company with no admin and nobody able to undo it (short of the admin script).
 */
export function assertMayChangeRole(actorId: string, target: User) {
  if (actorId === target.id)
    throw new AuthError('own_account', 'you cannot change your own role; ask another admin');
}

export function assertMayDeactivate(actorId: string, target: User) {
  if (actorId === target.id)
    throw new AuthError('own_account', 'you cannot deactivate yourself; ask another admin');
}

/** A deactivated account is kept for history only; renaming or re-roling it changes nothing. */
export function assertActive(target: User) {
  if (!target.active)
    throw new AuthError('user_inactive', `user ${target.id} is deactivated and cannot be changed`);
}
