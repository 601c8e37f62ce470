import { userDeletedV1 } from '#events/auth/user.deleted.v1';
import { AuthError } from '../domain/errors';
import { pendingEvent, type CommandContext } from '../domain/events';
import type { AuthDeps } from '../domain/ports';
import { assertMayDeactivate } from '../domain/role-rules';
import { snapshotOf, viewOf, type User, type UserView } from '../domain/user';

/**
 * "Delete" keeps the account (tasks and ledger entries refer to it) and marks it inactive:
 * it can no longer sign in, and `user.deleted` tells other domains to stop assigning to it.
 * Deactivating an inactive account again is a no-op that succeeds, so a retried DELETE is safe.
 */
export async function deactivateUser(
  deps: Pick<AuthDeps, 'users' | 'clock'>,
  actor: { id: string },
  userId: string,
  context: CommandContext,
): Promise<UserView> {
  const current = await deps.users.findById(userId);
  if (!current) throw new AuthError('user_not_found', `no user has id ${userId}`);
  if (!current.active) return viewOf(current);
  assertMayDeactivate(actor.id, current);

  const now = deps.clock();
  const next: User = {
    ...viewOf(current),
    active: false,
    revision: current.revision + 1,
    updated_at: now.toISOString(),
  };
  await deps.users.update(next, current.revision, [
    pendingEvent(userDeletedV1, snapshotOf(next), context, now),
  ]);
  return viewOf(next);
}
