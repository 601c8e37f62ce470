import type { UserReplicaStore } from '../domain/ports';

/**
 * The replica store with its pool read replaced, so a test can land a change (a deactivation)
 * between a use case's read of the pool and its commit; everything else is the real store.
 */
export const withPoolRead = (
  real: UserReplicaStore,
  assignableIds: UserReplicaStore['assignableIds'],
): UserReplicaStore => ({
  find: (id) => real.find(id),
  callerState: (id) => real.callerState(id),
  replaced: (changes, user) => real.replaced(changes, user),
  stillAssignable: (changes, ids) => real.stillAssignable(changes, ids),
  assignableIds,
});
