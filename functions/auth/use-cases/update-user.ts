import { userRoleChangedV1 } from '#events/auth/user.role_changed.v1';
import { userUpdatedV1 } from '#events/auth/user.updated.v1';
import { isOperator, type Actor, type CommandContext } from '../domain/actor';
import { activeAdminDelta } from '../domain/admin-invariant';
import { callerMayAct } from '../domain/caller-guard';
import { AuthError } from '../domain/errors';
import { parseInput } from '../domain/parse-input';
import type { AuthDeps } from '../domain/ports';
import { assertActive, assertCallerMayAct, assertMayChangeRole } from '../domain/role-rules';
import { snapshotOf, viewOf, type User, type UserView } from '../domain/user';
import { updateUserInput } from '../domain/validation';

/**
 * Renames, re-roles and/or reactivates an employee.
 *
 * One PATCH is one change: the revision goes up by one, and the events say what changed —
 * `user.updated` for a new name or a reactivation, `user.role_changed` (with `previous_role`)
 * for a new role, both when both changed. Both carry the same snapshot at the same revision, so
 * a replica that applies either one gets the final state and ignores the other as not newer.
 * Fields sent with their current value are not changes; a PATCH that changes nothing writes
 * nothing.
 * 1. read the user; 2. decide (deactivated accounts change only by being reactivated; nobody
 *    re-roles themselves);
 * 3. commit: the caller is still an active admin, the user unchanged since read, the
 *    active-admin count moved (lowering it needs another admin to remain), the events.
 */
export async function updateUser(
  deps: Pick<AuthDeps, 'users' | 'unitOfWork' | 'clock'>,
  actor: Actor,
  userId: string,
  input: unknown,
  context: CommandContext,
): Promise<UserView> {
  const asked = parseInput(updateUserInput, input);
  const current = await deps.users.findById(userId);
  if (!current) throw new AuthError('user_not_found', `no user has id ${userId}`);
  const reactivated = asked.active === true && !current.active;
  if (!reactivated) assertActive(current);
  if (!isOperator(actor) && actor.id === current.id) assertCallerMayAct(current);

  const renamed = asked.name !== undefined && asked.name !== current.name;
  const roleChanged = asked.role !== undefined && asked.role !== current.role;
  if (!renamed && !roleChanged && !reactivated) return viewOf(current);
  if (roleChanged) assertMayChangeRole(actor, current);

  const now = deps.clock();
  const next: User = {
    ...viewOf(current),
    name: asked.name ?? current.name,
    role: asked.role ?? current.role,
    active: true,
    revision: current.revision + 1,
    updated_at: now.toISOString(),
  };
  const changes = deps.unitOfWork.begin({ correlationId: context.correlationId, now });
  callerMayAct(changes, deps.users, actor, current.id);
  deps.users.updated(changes, next, current.revision);
  await deps.users.activeAdminsMoved(changes, activeAdminDelta(current, next));
  if (renamed || reactivated) changes.publish(userUpdatedV1, snapshotOf(next));
  if (roleChanged)
    changes.publish(userRoleChangedV1, { ...snapshotOf(next), previous_role: current.role });
  await deps.unitOfWork.commit(changes);
  return viewOf(next);
}
