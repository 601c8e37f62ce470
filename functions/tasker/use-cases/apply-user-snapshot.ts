import type { DataOf } from '#events';
import type { userCreatedV1 } from '#events/auth/user.created.v1';
import type { TransactItem } from '#shared/dynamo';
import { supersedes, type UserReplica } from '../domain/users';
import { findUser, userSnapshotItems } from '../store/user-store';

/**
 * The reaction to every user CUD event: they all carry the full user, so one rule handles
 * creation, update, role change and deactivation in any order. A stale event writes nothing
 * but its processed marker.
 */
export async function applyUserSnapshot(
  snapshot: DataOf<typeof userCreatedV1>,
): Promise<TransactItem[]> {
  const incoming: UserReplica = {
    id: snapshot.id,
    name: snapshot.name,
    email: snapshot.email,
    role: snapshot.role,
    active: snapshot.active,
    revision: snapshot.revision,
    changed_at: snapshot.changed_at,
  };
  if (!supersedes(incoming, await findUser(incoming.id))) return [];
  return userSnapshotItems(incoming);
}
