import type { DataOf } from '#events';
import type { shuffleChunkRequestedV1 } from '#events/tasker/tasker.shuffle_chunk_requested.v1';
import { commit, ConditionsFailed, isTransactionConflict } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import { prefetch } from '#shared/prefetch';
import { isTaskerError } from '../domain/errors';
import type { ChunkOutcome, ChunkTally, TaskerDeps, Writes } from '../domain/ports';
import { SHUFFLE_MOVES_PER_TRANSACTION } from '../domain/shuffle-job';
import { planChunk } from '../domain/shuffle-plan';
import type { Task } from '../domain/task';
import { nextShuffleItems } from './start-shuffle';
import { METRIC } from '#shared/metrics/catalog';
import { recordMetricNow } from '#shared/metrics/metrics';

/** Retries of a batch whose pool changed, or of a single task that keeps changing. */
const ATTEMPTS = 5;
const NOTHING: ChunkTally = { processed: 0, reassigned: 0, changed_hands: 0, skipped_completed: 0 };
export const NOBODY_ASSIGNABLE_REASON =
  'nobody was assignable: every employee is deactivated, a manager or an admin, so the open tasks left could not be moved';

/**
 * The reaction to `tasker.shuffle_chunk_requested`.
 * 1. read the job: a chunk already counted (a redelivery) or a job no longer running does nothing;
 * 2. read up to a chunk of open tasks after the cursor;
 * 3. move them, batch after batch (eight transactions a full chunk), each committed here, the
 *    next batch's tasks read while this one commits: each move is conditional on the task as
 *    read, and the batch on its assignees still being in the pool. Each move records the job on
 *    the task, so a redelivery after a partial failure counts those moves instead of repeating
 *    (and charging) them;
 * 4. return the job's tally with the next chunk's request, or the job's end and the lane's
 *    hand-over; the consumer commits them with the event's marker.
 * Nobody assignable is not retried (it would fail the same way five times and block the lane):
 * the job ends `failed` with the reason and hands the lane on, in that same returned write.
 */
export async function processShuffleChunk(
  deps: TaskerDeps,
  request: DataOf<typeof shuffleChunkRequestedV1>,
  context: EventContext,
): Promise<Writes> {
  const job = await deps.jobs.find(request.job_id);
  if (!job) throw new Error(`shuffle job ${request.job_id} does not exist`);
  if (job.status !== 'running' || job.chunks_done >= request.chunk) return [];

  const page = await deps.moves.openPage(request.after, deps.config.shuffleChunkSize);
  const { tally, failure } = await moveAll(deps, page.taskIds, job.job_id, context);
  const end = (outcome: ChunkOutcome) =>
    endJob(deps, job.job_id, request.chunk, tally, outcome, context);
  if (failure !== undefined) return end({ failed: failure });
  if (page.exhausted || page.lastSortKey === null) return end({ done: true });
  const now = deps.clock();
  return deps.jobs.chunkCounted(job.job_id, request.chunk, tally, { next: page.lastSortKey }, now, {
    ...context,
    now,
  });
}

async function endJob(
  deps: TaskerDeps,
  jobId: string,
  chunk: number,
  tally: ChunkTally,
  outcome: ChunkOutcome,
  context: EventContext,
): Promise<Writes> {
  const now = deps.clock();
  return [
    ...deps.jobs.chunkCounted(jobId, chunk, tally, outcome, now, { ...context, now }),
    ...(await nextShuffleItems(deps, await deps.lane.find(), jobId, context)),
  ];
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
  deps: TaskerDeps,
  taskIds: readonly string[],
  jobId: string,
  context: EventContext,
): Promise<{ tally: ChunkTally; failure?: string }> {
  let tally = NOTHING;
  const batches = evenBatches(taskIds, SHUFFLE_MOVES_PER_TRANSACTION);
  let nextRead = readAhead(deps, batches[0]);
  const pool = await readPool(deps);
  for (const [i, ids] of batches.entries()) {
    const tasks = await nextRead;
    nextRead = readAhead(deps, batches[i + 1]);
    try {
      tally = sum(tally, await moveBatch(deps, pool, ids, jobId, context, tasks));
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
  ids === undefined ? Promise.resolve([]) : prefetch(deps.moves.read(ids));

/** The pool as last read: read once per chunk, and again only when a commit says it changed. */
interface Pool {
  ids: string[];
  reread(): Promise<void>;
}

async function readPool(deps: TaskerDeps): Promise<Pool> {
  const pool: Pool = {
    ids: await deps.users.assignableIds(),
    reread: async () => {
      pool.ids = await deps.users.assignableIds();
    },
  };
  return pool;
}

function evenBatches<T>(items: readonly T[], max: number): T[][] {
  const count = Math.ceil(items.length / max);
  const size = Math.ceil(items.length / Math.max(count, 1));
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

const sum = (a: ChunkTally, b: ChunkTally): ChunkTally => ({
  processed: a.processed + b.processed,
  reassigned: a.reassigned + b.reassigned,
  changed_hands: a.changed_hands + b.changed_hands,
  skipped_completed: a.skipped_completed + b.skipped_completed,
});

/**
 * Moves a batch in one transaction. A transaction is all or nothing, so when a completion (or
 * any other write) touched one of its tasks between read and write, retrying the whole batch
 * can keep colliding under steady traffic. Instead the batch is split: the tasks whose moves
 * were refused go apart from the others (or it is halved when the refusal does not say), each
 * part is read again and re-planned, and a single contested task is retried a few times before
 * the message is given back to the queue. A pool that changed re-plans the batch on a fresh one.
 * `readAlready` is the batch's tasks when the caller read them ahead; every retry reads again.
 */
async function moveBatch(
  deps: TaskerDeps,
  pool: Pool,
  taskIds: readonly string[],
  jobId: string,
  context: EventContext,
  readAlready?: Task[],
  retries = 0,
): Promise<ChunkTally> {
  const tasks = readAlready ?? (await deps.moves.read(taskIds));
  const now = deps.clock();
  const plan = planChunk(tasks, pool.ids, { jobId, now, random: deps.random, newId: deps.newId });
  const assignees = [...new Set(plan.moves.map((move) => move.assignment.assignee_id))];
  try {
    await commit([
      ...plan.moves.flatMap((move) => deps.moves.moved(move.task, move.assignment, jobId)),
      ...deps.moves.announced(plan.moves, { ...context, now }),
      ...deps.users.stillAssignable(assignees),
    ]);
    // Committed here, not with the chunk's event: counted whether or not the chunk is retried.
    recordMetricNow(METRIC.reshuffleMoves, plan.moves.length);
    return {
      processed: tasks.length,
      reassigned: plan.moves.length + plan.alreadyMoved,
      changed_hands: plan.changedHands,
      skipped_completed: plan.completed,
    };
  } catch (error) {
    if (!(error instanceof ConditionsFailed) && !isTransactionConflict(error)) throw error;
    const again = (ids: readonly string[], retriesSoFar = 0) =>
      moveBatch(deps, pool, ids, jobId, context, undefined, retriesSoFar);
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
    let tally = NOTHING;
    for (const part of parts) tally = sum(tally, await again(part));
    return tally;
  }
}
