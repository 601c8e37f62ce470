import type { DataOf } from '#events';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { shuffleChunkRequestedV1 } from '#events/tasker/tasker.shuffle_chunk_requested.v1';
import { METRIC } from '#shared/metrics/catalog';
import { recordMetricNow } from '#shared/metrics/metrics';
import { prefetch } from '#shared/prefetch';
import { pause } from '#shared/time/pause';
import type { Changes } from '#shared/unit-of-work/changes';
import { CommitConflict, ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { assignedEventData } from '../domain/assignment';
import { isTaskerError } from '../domain/errors';
import type { ChunkOutcome, ChunkTally, TaskerDeps } from '../domain/ports';
import { CONSISTENT, EVENTUAL } from '../domain/read-consistency';
import { NOBODY_ASSIGNABLE_REASON, SHUFFLE_MOVES_PER_TRANSACTION } from '../domain/shuffle-job';
import { addTally, evenBatches, NO_TALLY, planChunk, tallyOf } from '../domain/shuffle-plan';
import { paceDelayMs } from '../domain/shuffle-pace';
import type { Task } from '../domain/task';
import { startShuffle } from './start-shuffle';

/** Retries of a batch whose pool changed, or of a single task that keeps changing. */
const ATTEMPTS = 5;

/**
 * The reaction to `tasker.shuffle_chunk_requested`.
 * 1. read the job: a chunk already counted (a redelivery) or a job no longer running does nothing;
 * 2. read up to a chunk of open tasks after the cursor;
 * 3. move them, batch after batch (four transactions a full chunk), each its own unit of work
 *    committed here with its `task.assigned` in one outbox row, the next batch's tasks read
 *    while this one commits: each move is conditional on the task as read, and the batch on its
 *    assignees still being in the pool. Each move records the job on the task, so a redelivery
 *    after a partial failure counts those moves instead of repeating (and charging) them;
 * 4. record on `changes` the job's tally with the next chunk's request, or the job's end and
 *    the lane's hand-over; the consumer commits them with the event's marker.
 * Nobody assignable is not retried (it would fail the same way five times and block the lane):
 * the job ends `failed` with the reason and hands the lane on, in that same commit.
 */
export async function runShuffleChunk(
  deps: TaskerDeps,
  request: DataOf<typeof shuffleChunkRequestedV1>,
  changes: Changes,
): Promise<void> {
  const job = await deps.jobs.find(request.job_id);
  if (!job) throw new Error(`shuffle job ${request.job_id} does not exist`);
  if (job.status !== 'running' || job.chunks_done >= request.chunk) return;

  const page = await deps.moves.openPage(request.after, deps.config.shuffleChunkSize);
  const batch = { deps, jobId: job.job_id, correlationId: changes.context.correlationId };
  const { tally, failure } = await moveAll(batch, page.taskIds);
  const count = (outcome: ChunkOutcome) =>
    deps.jobs.chunkCounted(changes, job.job_id, request.chunk, tally, outcome, deps.clock());
  if (failure === undefined && !page.exhausted && page.lastSortKey !== null) {
    count({ next: page.lastSortKey });
    changes.publish(shuffleChunkRequestedV1, {
      job_id: job.job_id,
      chunk: request.chunk + 1,
      after: page.lastSortKey,
    });
    return;
  }
  count(failure === undefined ? { done: true } : { failed: failure });
  await startShuffle(deps, changes, job.job_id);
}

/** What every batch of one chunk shares. */
interface Batch {
  deps: TaskerDeps;
  jobId: string;
  correlationId: string;
}

/**
 * Batches one after another: they all check the one pool item, and in AWS two transactions
 * touching one item at once fail with TransactionConflict, so they must not overlap. Reading
 * can: the next batch's tasks (other tasks, which this commit does not write) are read while
 * this batch commits, so the engine goes from one transaction to the next without waiting for a
 * read. The plan is made only after the commit before it, on the pool as that commit left it;
 * a task changed after its read fails its move's condition and is read again (moveBatch's split).
 */
async function moveAll(
  batch: Batch,
  taskIds: readonly string[],
): Promise<{ tally: ChunkTally; failure?: string }> {
  let tally = NO_TALLY;
  const batches = evenBatches(taskIds, SHUFFLE_MOVES_PER_TRANSACTION);
  let nextRead = readAhead(batch.deps, batches[0]);
  const pool = await readPool(batch.deps);
  const started = performance.now();
  let moved = 0;
  for (const [i, ids] of batches.entries()) {
    const tasks = await nextRead;
    nextRead = readAhead(batch.deps, batches[i + 1]);
    // No faster than the status index's one `STATUS#open` key can take on AWS (shuffle-pace.ts).
    await pause(paceDelayMs(moved, performance.now() - started));
    moved += ids.length;
    try {
      tally = addTally(tally, await moveBatch(batch, pool, ids, tasks));
    } catch (error) {
      if (isTaskerError(error, 'no_assignable_employee'))
        return { tally, failure: NOBODY_ASSIGNABLE_REASON };
      throw error;
    }
  }
  return { tally };
}

/** Starts reading a batch's tasks; past the last batch there is nothing to read. */
const readAhead = (deps: TaskerDeps, ids: readonly string[] | undefined): Promise<Task[]> =>
  ids === undefined ? Promise.resolve([]) : prefetch(readCheaply(deps, ids));

/**
 * Eventually consistent: each move is conditional on the task as read (open, at that
 * assignment), so a stale task's move is refused and re-planned on a consistent read. A task
 * created a moment ago may be missing, though (the index had it, tasks are never deleted):
 * then the batch is read again consistently, lest it go unmoved.
 */
async function readCheaply(deps: TaskerDeps, ids: readonly string[]): Promise<Task[]> {
  const tasks = await deps.moves.read(ids, EVENTUAL);
  return tasks.length === ids.length ? tasks : deps.moves.read(ids, CONSISTENT);
}

/** The pool as last read: read once per chunk, and again only when a commit says it changed. */
interface Pool {
  ids: string[];
  reread(): Promise<void>;
}

async function readPool(deps: TaskerDeps): Promise<Pool> {
  const pool: Pool = {
    // Consistently: a stale empty pool would end the job `failed`, nobody assignable.
    ids: await deps.users.assignableIds(CONSISTENT),
    reread: async () => {
      pool.ids = await deps.users.assignableIds(CONSISTENT);
    },
  };
  return pool;
}

/**
 * Moves a batch in one transaction. A transaction is all or nothing, so when a completion (or
 * any other write) touched one of its tasks between read and write, retrying the whole batch
 * can keep colliding under steady traffic. Instead the batch is split: the tasks whose moves
 * were refused go apart from the others (or it is halved when the refusal does not say), each
 * part is read again and re-planned, and a single contested task is retried a few times before
 * the message is given back to the queue. A pool that changed re-plans the batch on a fresh one.
 * `readAlready` is the batch's tasks when the caller read them ahead; every retry reads again,
 * consistently (the refused read may have been stale).
 */
async function moveBatch(
  batch: Batch,
  pool: Pool,
  taskIds: readonly string[],
  readAlready?: Task[],
  retries = 0,
): Promise<ChunkTally> {
  const { deps, jobId } = batch;
  const tasks = readAlready ?? (await deps.moves.read(taskIds, CONSISTENT));
  const now = deps.clock();
  const plan = planChunk(tasks, pool.ids, { jobId, now, random: deps.random, newId: deps.newId });
  const assignees = [...new Set(plan.moves.map((move) => move.assignment.assignee_id))];
  const changes = deps.unitOfWork.begin({ correlationId: batch.correlationId, now });
  for (const move of plan.moves) deps.moves.moved(changes, move.task, move.assignment, jobId);
  deps.users.stillAssignable(changes, assignees);
  changes.publishAll(
    taskAssignedV1,
    plan.moves.map((move) => assignedEventData(move.task, move.assignment)),
  );
  try {
    await deps.unitOfWork.commit(changes);
    // Committed here, not with the chunk's event: counted whether or not the chunk is retried.
    recordMetricNow(METRIC.reshuffleMoves, plan.moves.length);
    return tallyOf(plan, tasks.length);
  } catch (error) {
    if (!(error instanceof ConditionsFailed) && !(error instanceof CommitConflict)) throw error;
    const again = (ids: readonly string[], retriesSoFar = 0) =>
      moveBatch(batch, pool, ids, undefined, retriesSoFar);
    const poolChanged =
      error instanceof ConditionsFailed && error.failed('assignees_are_assignable');
    if (poolChanged) await pool.reread();
    if (poolChanged || taskIds.length === 1) {
      if (retries >= ATTEMPTS) throw error;
      return again(taskIds, retries + 1);
    }
    const contested = new Set(
      taskIds.filter(
        (id) => error instanceof ConditionsFailed && error.failed(deps.moves.moveGuard(id)),
      ),
    );
    const calm = taskIds.filter((id) => !contested.has(id));
    const parts =
      calm.length > 0 && contested.size > 0
        ? [calm, [...contested]]
        : [taskIds.slice(0, taskIds.length / 2), taskIds.slice(taskIds.length / 2)];
    let tally = NO_TALLY;
    for (const part of parts) tally = addTally(tally, await again(part));
    return tally;
  }
}
