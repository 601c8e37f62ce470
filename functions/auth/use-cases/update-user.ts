import { userRoleChangedV1 } from '#events/auth/user.role_changed.v1';
import { userUpdatedV1 } from '#events/auth/user.updated.v1';
import { AuthError } from '../domain/errors';
import { pendingEvent, type CommandContext, type PendingEvent } from '../domain/events';
import type { AuthDeps } from '../domain/ports';
import { assertActive, assertMayChangeRole } from '../domain/role-rules';
import { snapshotOf, viewOf, type User, type UserView } from '../domain/user';
import { updateUserInput } from '../domain/validation';
import { parseInput } from './parse-input';

/**
 * Renames and/or re-roles an employee.
 *
 * One PATCH is one change: the revision goes up by one, and the events say what changed —
 * `user.updated` for a new name, `user.role_changed` (with `previous_role`) for a new role, both
 * when both changed. Both carry the same snapshot at the same revision, so a replica that
 * applies either one gets the final state and ignores the other as not newer. Fields sent with
 * their current value are not changes; a PATCH that changes nothing writes nothing.
 */
export async function updateUser(
  deps: Pick<AuthDeps, 'users' | 'clock'>,
  actor: { id: string },
  userId: string,
  input: unknown,
  context: CommandContext,
): Promise<UserView> {
  const changes = parseInput(updateUserInput, input);
  const current = await deps.users.findById(userId);
  if (!current) throw new AuthError('user_not_found', `no user has id ${userId}`);
  assertActive(current);

  const renamed = changes.name !== undefined && changes.name !== current.name;
  const roleChanged = changes.role !== undefined && changes.role !== current.role;
  if (!renamed && !roleChanged) return viewOf(current);
  if (roleChanged) assertMayChangeRole(actor.id, current);

  const now = deps.clock();
  const next: User = {
    ...viewOf(current),
    name: changes.name ?? current.name,
    role: changes.role ?? current.role,
    revision: current.revision + 1,
    updated_at: now.toISOString(),
  };
  const events: PendingEvent[] = [];
  if (renamed) events.push(pendingEvent(userUpdatedV1, snapshotOf(next), context, now));
  if (roleChanged)
    events.push(
      pendingEvent(
        userRoleChangedV1,
        { ...snapshotOf(next), previous_role: current.role },
        context,
        now,
      ),
    );
  await deps.users.update(next, current.revision, events);
  return viewOf(next);
}
