import { MemoryTable } from '#shared/unit-of-work/memory-table';
import type { ShuffleJob, ShuffleLane } from '../../domain/shuffle-job';
import type { Task, TaskPrice } from '../../domain/task';
import type { UserReplica } from '../../domain/users';

/** A stored price: beside its task, and when it was set (the newest pricing wins). */
export type StoredPrice = TaskPrice & { priced_at: string };

/** A stored replica, with the flag the create's `assignee_is_assignable` check reads. */
export type StoredUser = UserReplica & { assignable: boolean };

/**
 * The in-memory state of Tasker's one table, an item kind per table as `store/keys.ts` lays
 * them out on DynamoDB. The pool and the lane are single items (key {@link ONLY}).
 */
export interface TaskerTables {
  tasks: MemoryTable<Task>;
  prices: MemoryTable<StoredPrice>;
  users: MemoryTable<StoredUser>;
  pool: MemoryTable<string[]>;
  jobs: MemoryTable<ShuffleJob>;
  lane: MemoryTable<ShuffleLane>;
}

/** The key of a table that holds one item. */
export const ONLY = 'only';

export const taskerTables = (): TaskerTables => ({
  tasks: new MemoryTable('tasks'),
  prices: new MemoryTable('prices'),
  users: new MemoryTable('users'),
  pool: new MemoryTable('pool'),
  jobs: new MemoryTable('jobs'),
  lane: new MemoryTable('lane'),
});
