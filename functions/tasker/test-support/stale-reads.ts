import type { ShuffleMoveStore, StoredTask, TaskStore, UserReplicaStore } from '../domain/ports';
import type { ReadConsistency } from '../domain/read-consistency';
import type { Task } from '../domain/task';
import { withPoolRead } from './racing-pool';

/*
 * Stores whose eventually consistent reads answer as a replica that has not yet seen the last
 * writes would (`stale`), and whose consistent reads answer from the store: what DynamoDB may
 * do for a short time after a write.
 */

/** A read that names no consistency is answered stale: DynamoDB's default is eventual. */
export const isConsistent = (read: ReadConsistency | undefined) => read?.consistent === true;

export const withStaleTaskReads = (
  real: TaskStore,
  stale: (id: string) => StoredTask | undefined,
): TaskStore => ({
  find: async (id, read) => (isConsistent(read) ? real.find(id, read) : stale(id)),
  pricesOf: (ids) => real.pricesOf(ids),
  list: (...args) => real.list(...args),
  created: (...args) => real.created(...args),
  completed: (...args) => real.completed(...args),
});

export const withStalePoolReads = (real: UserReplicaStore, stale: string[]): UserReplicaStore =>
  withPoolRead(real, async (read) => (isConsistent(read) ? real.assignableIds(read) : stale));

export const withStaleMoveReads = (
  real: ShuffleMoveStore,
  stale: (ids: readonly string[]) => Task[],
): ShuffleMoveStore => ({
  countOpen: () => real.countOpen(),
  openPage: (after, limit) => real.openPage(after, limit),
  read: async (ids, read) => (isConsistent(read) ? real.read(ids, read) : stale(ids)),
  moved: (...args) => real.moved(...args),
  moveGuard: (id) => real.moveGuard(id),
});
