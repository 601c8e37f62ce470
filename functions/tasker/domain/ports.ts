import type { DataOf } from '#events';
import type { taskPricedV1 } from '#events/accounting/task.priced.v1';
import type { TransactItem } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import type { Assignment } from './assignment';
import type { ListScope } from './listing';
import type { RandomInt } from '#shared/random';
import type { ShuffleJob, ShuffleLane } from './shuffle-job';
import type { Task, TaskPrice } from './task';
import type { UserReplica } from './users';

/**
 * What Tasker's use cases need from storage. store/ implements these against DynamoDB.
 * Readers return domain values; writers return the transaction items of a change (with the
 * events it publishes), never commit: a command commits them with `commit()`, a reaction hands
 * them to the consumer, which commits them with the event's processed marker. A conditional
 * item carries the name of the rule it guards; those names are listed on each writer.
 */
export type Writes = TransactItem[];

export interface StoredTask {
  task: Task;
  price?: TaskPrice;
}

export interface TaskPage {
  tasks: Task[];
  nextCursor: string | null;
}

export interface TaskStore {
  /** A task and its price, read consistently. */
  find(id: string): Promise<StoredTask | undefined>;
  pricesOf(taskIds: readonly string[]): Promise<Map<string, TaskPrice>>;
  /** Refuses a cursor it did not issue for this scope (`invalid_cursor`). */
  list(scope: ListScope, limit: number, cursor: string | undefined): Promise<TaskPage>;
  /** Guards: `task_is_new`, `assignee_is_assignable` (the replica's word at commit time). */
  created(task: Task, assignment: Assignment, context: EventContext): Writes;
  /** Guard: `task_is_open_and_callers`. */
  completed(task: Task, callerId: string, at: Date, context: EventContext): Writes;
}

export interface PriceStore {
  pricedAt(taskId: string): Promise<string | undefined>;
  /** Guard: `price_is_newer`. */
  priced(priced: DataOf<typeof taskPricedV1>): Writes;
}

export interface UserStore {
  find(id: string): Promise<UserReplica | undefined>;
  /** The assignable pool, read consistently. */
  assignableIds(): Promise<string[]>;
  /** Guard: `revision_is_newer`. The replica and its place in the pool change together. */
  replaced(user: UserReplica): Writes;
  /** A check, guard `assignees_are_assignable`: every one of them is still in the pool. */
  stillAssignable(userIds: readonly string[]): Writes;
}

export interface ShuffleJobStore {
  find(jobId: string): Promise<ShuffleJob | undefined>;
  /** The new job and `tasker.shuffle_requested`. Guard: `job_is_new`. */
  queued(job: ShuffleJob, context: EventContext): Writes;
  /** Running, with its denominator, and the request of chunk 1. Guard: `job_is_queued`. */
  started(jobId: string, openTasks: number, now: Date, context: EventContext): Writes;
  /**
   * A chunk's tally, once, and what follows: the next chunk's request, the end, or a failure
   * with its reason. Guard: `chunk_is_next` (the job runs and counted the chunk before).
   */
  chunkCounted(
    jobId: string,
    chunk: number,
    tally: ChunkTally,
    outcome: ChunkOutcome,
    now: Date,
    context: EventContext,
  ): Writes;
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
  enqueued(jobId: string): Writes;
  /** The head of the queue takes the lane from `previous` (null: idle). Guard: `lane_as_read`. */
  handedTo(jobId: string, previous: string | null): Writes;
  /** The last job leaves an empty lane. Guard: `lane_as_read`. */
  released(jobId: string): Writes;
}

export interface ShuffleMoveStore {
  /** Open tasks right now: a starting job's denominator. */
  countOpen(): Promise<number>;
  /** A page of open task ids in a stable order; `after` is the last page's `lastSortKey`. */
  openPage(
    after: string | null,
    limit: number,
  ): Promise<{ taskIds: string[]; lastSortKey: string | null; exhausted: boolean }>;
  /** The tasks themselves, read consistently (the index may lag a completion). */
  read(taskIds: readonly string[]): Promise<Task[]>;
  /** A move. Guard: `moveGuard(task.id)` (open, at the assignment read). */
  moved(task: Task, assignment: Assignment, jobId: string): Writes;
  /** The `task.assigned` of each move of one transaction, written as one outbox row. */
  announced(
    moves: readonly { task: Task; assignment: Assignment }[],
    context: EventContext,
  ): Writes;
  /** The guard name of one task's move, to tell which tasks a refused batch contested. */
  moveGuard(taskId: string): string;
}

/** A name for each person Tasker has heard of from Auth: for lists and pickers, not for rules. */
export interface PeopleDirectory {
  /** The names of those it knows among `ids` (an id it has not heard of yet is left out). */
  namesOf(ids: readonly string[]): Promise<Map<string, string>>;
  /** Everyone who may be given a task now, with their names. */
  assignable(): Promise<{ id: string; name: string }[]>;
}

export interface TaskerDeps {
  tasks: TaskStore;
  people: PeopleDirectory;
  prices: PriceStore;
  users: UserStore;
  jobs: ShuffleJobStore;
  lane: ShuffleLaneStore;
  moves: ShuffleMoveStore;
  clock: () => Date;
  random: RandomInt;
  newId: () => string;
  config: { shuffleChunkSize: number };
}
