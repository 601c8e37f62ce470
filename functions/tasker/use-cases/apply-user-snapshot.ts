import type { DataOf } from '#events';
import type { userCreatedV1 } from '#events/auth/user.created.v1';
import type { Changes } from '#shared/unit-of-work/changes';
import type { TaskerDeps } from '../domain/ports';
import { supersedes, type UserReplica } from '../domain/users';

/**
 * The reaction to every user CUD event: they all carry the full user, so one rule handles
 * creation, update, role change and deactivation in any order.
 * 1. read the replica;
 * 2. a stale snapshot (revision not higher) records nothing: only the event's marker is written;
 * 3. a newer one replaces the replica and moves the user in or out of the assignable pool.
 */
export async function applyUserSnapshot(
  deps: Pick<TaskerDeps, 'users'>,
  snapshot: DataOf<typeof userCreatedV1>,
  changes: Changes,
): Promise<void> {
  const incoming: UserReplica = {
    id: snapshot.id,
    name: snapshot.name,
    email: snapshot.email,
    role: snapshot.role,
    active: snapshot.active,
    revision: snapshot.revision,
    changed_at: snapshot.changed_at,
  };
  if (!supersedes(incoming, await deps.users.find(incoming.id))) return;
  deps.users.replaced(changes, incoming);
}
