import type { Changes, UnitOfWork } from '#shared/unit-of-work/changes';
import type { CallerState } from '#shared/auth/current-callers';
import type { RandomInt } from '#shared/random';
import type { Assignment } from './assignment';
import type { ListScope } from './listing';
import type { ReadConsistency } from './read-consistency';
import type { ShuffleJob, ShuffleLane } from './shuffle-job';
import type { Task, TaskPrice } from './task';
import type { UserReplica } from './users';

/**
 * What Tasker's use cases need from storage: `store/` implements each port on DynamoDB,
 * `store/memory/` in memory. Readers return domain values. Writers record a change on the
 * use case's `changes` and return nothing: the use case publishes the events and commits
 * through `deps.unitOfWork` (a reaction's changes are committed by the consumer with the
 * event's marker). Each writer lists the names of the guards it records; a refused commit
 * names them (`ConditionsFailed.failed(name)`).
 */

export interface StoredTask {
  task: Task;
  price?: TaskPrice;
}

export interface TaskPage {
  tasks: Task[];
  nextCursor: string | null;
}

export interface TaskStore {
  /**
   * A task and its price. Read eventually, it may show them as they were a moment ago, or miss
   * a task created a moment ago.
   */
  find(id: string, read: ReadConsistency): Promise<StoredTask | undefined>;
  /** The prices known among these tasks (each asked once, however often it is named). */
  pricesOf(taskIds: readonly string[]): Promise<Map<string, TaskPrice>>;
  /** Newest first. Refuses a cursor it did not hand out for this scope (`invalidCursor()`). */
  list(scope: ListScope, limit: number, cursor: string | undefined): Promise<TaskPage>;
  /** Guards: `task_is_new`, `assignee_is_assignable` (the replica's word at commit time). */
  created(changes: Changes, task: Task, assignment: Assignment): void;
  /** Guard: `task_is_open_and_callers`. */
  completed(changes: Changes, task: Task, callerId: string, at: Date): void;
}

export interface PriceStore {
  /**
   * The task's price as of `pricedAt`. Guard `price_is_newer`: refused when a pricing at least as
   * new is stored (the same instant however the event spelled it, e.g. `+02:00` or no
   * milliseconds).
   */
  priced(changes: Changes, taskId: string, price: TaskPrice, pricedAt: Date): void;
}

/** Tasker's replica of Auth's users, and the pool of those who may be given a task. */
export interface UserReplicaStore {
  find(id: string): Promise<UserReplica | undefined>;
  /**
   * What the HTTP pipeline checks a token against (revocation): the replica, read consistently
   * (the adapter says why).
   */
  callerState(id: string): Promise<CallerState | undefined>;
  /** The assignable pool (read eventually, it may lack a change of the last moment). */
  assignableIds(read: ReadConsistency): Promise<string[]>;
  /** Guard: `revision_is_newer`. The replica and its place in the pool change together. */
  replaced(changes: Changes, user: UserReplica): void;
  /** A check, guard `assignees_are_assignable`: every one of them is still in the pool. */
  stillAssignable(changes: Changes, userIds: readonly string[]): void;
}

export interface ShuffleJobStore {
  find(jobId: string): Promise<ShuffleJob | undefined>;
  /** The new job. Guard: `job_is_new`. */
  queued(changes: Changes, job: ShuffleJob): void;
  /** Running, with its denominator. Guard: `job_is_queued`. */
  started(changes: Changes, jobId: string, openTasks: number, now: Date): void;
  /**
   * A chunk's tally, once, and the job's end when the outcome is `done` or `failed` (with its
   * reason). Guard: `chunk_is_next` (the job runs and counted the chunk before).
   */
  chunkCounted(
    changes: Changes,
    jobId: string,
    chunk: number,
    tally: ChunkTally,
    outcome: ChunkOutcome,
    now: Date,
  ): void;
}

export interface ChunkTally {
  processed: number;
  reassigned: number;
  changed_hands: number;
  skipped_completed: number;
}

export type ChunkOutcome = { next: string } | { done: true } | { failed: string };

export interface ShuffleLaneStore {
  find(): Promise<ShuffleLane>;
  /** The job at the back of the queue. Guard: `nobody_waiting` (a waiting press is joined). */
  enqueued(changes: Changes, jobId: string): void;
  /** The head of the queue takes the lane from `previous` (null: idle). Guard: `lane_as_read`. */
  handedTo(changes: Changes, jobId: string, previous: string | null): void;
  /** The last job leaves an empty lane. Guard: `lane_as_read`. */
  released(changes: Changes, jobId: string): void;
}

export interface ShuffleMoveStore {
  /** Open tasks right now: a starting job's denominator. */
  countOpen(): Promise<number>;
  /** A page of open task ids in a stable order; `after` is the last page's `lastSortKey`. */
  openPage(
    after: string | null,
    limit: number,
  ): Promise<{ taskIds: string[]; lastSortKey: string | null; exhausted: boolean }>;
  /**
   * The tasks themselves (the index may lag a completion). Read eventually, a task may show as
   * it was a moment ago, or be missing if it was created a moment ago.
   */
  read(taskIds: readonly string[], read: ReadConsistency): Promise<Task[]>;
  /** A move. Guard: `moveGuard(task.id)` (open, at the assignment read). */
  moved(changes: Changes, task: Task, assignment: Assignment, jobId: string): void;
  /** The guard name of one task's move, to tell which tasks a refused batch contested. */
  moveGuard(taskId: string): string;
}

/** A name for each person Tasker has heard of from Auth: for lists and pickers, not for rules. */
export interface AssigneeDirectory {
  /** The names of those it knows among `ids` (an id it has not heard of yet is left out). */
  namesOf(ids: readonly string[]): Promise<Map<string, string>>;
  /** Everyone who may be given a task now, with their names. */
  assignable(): Promise<{ id: string; name: string }[]>;
}

export interface TaskerDeps {
  unitOfWork: UnitOfWork;
  tasks: TaskStore;
  people: AssigneeDirectory;
  prices: PriceStore;
  users: UserReplicaStore;
  jobs: ShuffleJobStore;
  lane: ShuffleLaneStore;
  moves: ShuffleMoveStore;
  clock: () => Date;
  random: RandomInt;
  newId: () => string;
  config: { shuffleChunkSize: number };
}
