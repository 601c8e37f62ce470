import type { DataOf } from '#events';
import type { userCreatedV1 } from '#events/auth/user.created.v1';
import type { Changes } from '#shared/unit-of-work/changes';
import { supersedesReplica, type CallerReplica } from '../domain/caller-replica';
import type { AnalyticsDeps } from '../domain/ports';

/**
 * Reaction to every user event of Auth (`user.created`, `user.updated`, `user.role_changed`,
 * `user.deleted`): each carries the whole user at a revision, so one rule keeps what the
 * revocation check needs, whatever order they arrive in.
 *  1. read the replica;
 *  2. a snapshot not newer than it (a redelivery, a late event) records nothing;
 *  3. a newer one replaces it (guarded: an older event racing it cannot win).
 */
export async function recordCallerState(
  deps: Pick<AnalyticsDeps, 'callers'>,
  changes: Changes,
  snapshot: DataOf<typeof userCreatedV1>,
): Promise<void> {
  const incoming: CallerReplica = {
    id: snapshot.id,
    role: snapshot.role,
    active: snapshot.active,
    revision: snapshot.revision,
  };
  if (!supersedesReplica(incoming, await deps.callers.find(incoming.id))) return;
  deps.callers.replaced(changes, incoming);
}
