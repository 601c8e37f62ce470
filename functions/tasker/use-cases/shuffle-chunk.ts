import type { DataOf } from '#events';
import type { shuffleChunkRequestedV1 } from '#events/tasker/tasker.shuffle_chunk_requested.v1';
import {
  failedConditions,
  MAX_TRANSACTION_ITEMS,
  transactWrite,
  type TransactItem,
} from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import type { RandomInt } from '../domain/random';
import { SHUFFLE_CHUNK_SIZE } from '../domain/shuffle-job';
import { planChunk } from '../domain/shuffle-plan';
import {
  chunkDoneItems,
  findShuffleJob,
  findShuffleLane,
  openTasksPage,
  readTasks,
  reassignItems,
  type ChunkTally,
} from '../store/shuffle-store';
import { assignableUserIds } from '../store/user-store';
import { nextShuffleItems } from './start-shuffle';

/** A move is two items (the task and its `task.assigned`), so 50 moves fill one transaction. */
const MOVES_PER_TRANSACTION = MAX_TRANSACTION_ITEMS / 2;
/** Retries of a single task that keeps changing between its read and its move. */
const ATTEMPTS = 5;

/**
 * The reaction to `tasker.shuffle_chunk_requested`: reassigns up to 100 open tasks and returns
 * the job's progress plus the request for the next chunk (or the hand-over of the lane), which
 * the consumer commits with the event's marker.
 *
 * The moves themselves are committed here, before that, in transactions of 50: one message's
 * work does not fit in one transaction. Each move records the job on the task, so if this
 * message is delivered again after a partial failure, tasks already moved are counted, not
 * moved (and charged) a second time.
 */
export async function processShuffleChunk(
  request: DataOf<typeof shuffleChunkRequestedV1>,
  random: RandomInt,
  context: EventContext,
): Promise<TransactItem[]> {
  const job = await findShuffleJob(request.job_id);
  if (!job) throw new Error(`shuffle job ${request.job_id} does not exist`);
  // This chunk was already counted (its marker write raced a redelivery): nothing left to do.
  if (job.status !== 'running' || job.chunks_done >= request.chunk) return [];

  const page = await openTasksPage(request.after, SHUFFLE_CHUNK_SIZE);
  const candidates = await assignableUserIds();
  const tally = await moveAll(page.taskIds, candidates, job.job_id, random, context);
  const now = new Date();
  if (!page.exhausted && page.lastSortKey !== null)
    return chunkDoneItems(
      job.job_id,
      request.chunk,
      tally,
      { after: page.lastSortKey },
      now,
      context,
    );
  return [
    ...chunkDoneItems(job.job_id, request.chunk, tally, 'done', now, context),
    ...(await nextShuffleItems(await findShuffleLane(), job.job_id, context)),
  ];
}

async function moveAll(
  taskIds: readonly string[],
  candidates: readonly string[],
  jobId: string,
  random: RandomInt,
  context: EventContext,
): Promise<ChunkTally> {
  const batches: string[][] = [];
  for (let i = 0; i < taskIds.length; i += MOVES_PER_TRANSACTION)
    batches.push(taskIds.slice(i, i + MOVES_PER_TRANSACTION));
  return sumOf(
    await Promise.all(batches.map((ids) => moveBatch(ids, candidates, jobId, random, context))),
  );
}

const sumOf = (tallies: readonly ChunkTally[]): ChunkTally =>
  tallies.reduce(
    (sum, t) => ({
      processed: sum.processed + t.processed,
      reassigned: sum.reassigned + t.reassigned,
      skipped_completed: sum.skipped_completed + t.skipped_completed,
    }),
    { processed: 0, reassigned: 0, skipped_completed: 0 },
  );

/**
 * Moves a batch in one transaction. A transaction is all or nothing, so when a completion (or
 * any other write) touched one of its tasks between read and write, retrying the whole batch
 * can keep colliding under steady traffic. Instead the batch is split: the tasks whose writes
 * failed go apart from the others (or it is halved when the reasons don't say), each part is
 * read again and re-planned, and a single contested task is retried a few times before the
 * message is given back to the queue.
 */
async function moveBatch(
  taskIds: readonly string[],
  candidates: readonly string[],
  jobId: string,
  random: RandomInt,
  context: EventContext,
  retriesOfOne = 0,
): Promise<ChunkTally> {
  // Read consistently: the status index may still show a task completed a moment ago.
  const tasks = await readTasks(taskIds);
  const plan = planChunk(tasks, candidates, jobId, random, new Date());
  try {
    await transactWrite(
      plan.moves.flatMap((move) => reassignItems(move.task, move.assignment, jobId, context)),
    );
    return {
      processed: tasks.length,
      reassigned: plan.moves.length + plan.alreadyMoved,
      skipped_completed: plan.completed,
    };
  } catch (error) {
    const failed = failedConditions(error);
    if (failed === undefined) throw error;
    const again = (ids: readonly string[], retries = 0) =>
      moveBatch(ids, candidates, jobId, random, context, retries);
    if (taskIds.length === 1) {
      if (retriesOfOne >= ATTEMPTS) throw error;
      return again(taskIds, retriesOfOne + 1);
    }
    // Each move is two items (task, then its event): item i belongs to move floor(i / 2).
    const contested = new Set(failed.map((i) => plan.moves[Math.floor(i / 2)]?.task.id));
    const calm = taskIds.filter((id) => !contested.has(id));
    const parts =
      calm.length > 0 && calm.length < taskIds.length
        ? [calm, taskIds.filter((id) => contested.has(id))]
        : [taskIds.slice(0, taskIds.length / 2), taskIds.slice(taskIds.length / 2)];
    return sumOf(await Promise.all(parts.map((ids) => again(ids))));
  }
}
