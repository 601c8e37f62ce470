import { userDeletedV1 } from '#events/auth/user.deleted.v1';
import type { Actor, CommandContext } from '../domain/actor';
import { activeAdminDelta } from '../domain/admin-invariant';
import { callerMayAct } from '../domain/caller-guard';
import { AuthError } from '../domain/errors';
import type { AuthDeps } from '../domain/ports';
import { assertMayDeactivate } from '../domain/role-rules';
import { snapshotOf, viewOf, type User, type UserView } from '../domain/user';

/**
 * "Delete" keeps the account (tasks and ledger entries refer to it) and marks it inactive:
 * it can no longer sign in, its tokens are refused wherever the change has arrived, and
 * `user.deleted` tells other domains to stop assigning to it. Deactivating an inactive account
 * again is a no-op that succeeds, so a retried DELETE is safe.
 * 1. read the user; 2. decide (not yourself);
 * 3. commit: the caller is still an active admin, the user unchanged since read, another active
 *    admin remains if this one was an admin, and the `user.deleted` event.
 */
export async function deactivateUser(
  deps: Pick<AuthDeps, 'users' | 'unitOfWork' | 'clock'>,
  actor: Actor,
  userId: string,
  context: CommandContext,
): Promise<UserView> {
  const current = await deps.users.findById(userId);
  if (!current) throw new AuthError('user_not_found', `no user has id ${userId}`);
  if (!current.active) return viewOf(current);
  assertMayDeactivate(actor, current);

  const now = deps.clock();
  const next: User = {
    ...viewOf(current),
    active: false,
    revision: current.revision + 1,
    updated_at: now.toISOString(),
  };
  const changes = deps.unitOfWork.begin({ correlationId: context.correlationId, now });
  callerMayAct(changes, deps.users, actor, current.id);
  deps.users.updated(changes, next, current.revision);
  await deps.users.activeAdminsMoved(changes, activeAdminDelta(current, next));
  changes.publish(userDeletedV1, snapshotOf(next));
  await deps.unitOfWork.commit(changes);
  return viewOf(next);
}
