import { shuffleRequestedV1 } from '#events/tasker/tasker.shuffle_requested.v1';
import { CommitConflict, ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { nobodyAssignable } from '../domain/errors';
import type { TaskerDeps } from '../domain/ports';
import { CONSISTENT } from '../domain/read-consistency';
import { jobToJoin, newShuffleJob, type ShuffleJob } from '../domain/shuffle-job';

/** Presses racing each other for the lane: each round, one of them wins. */
const ATTEMPTS = 5;

/**
 * The Reshuffle button: queues a job, or joins the one already waiting, and returns at once.
 * The work happens in Tasker's consumer, a chunk per message (start-shuffle, run-shuffle-chunk).
 * 1. read the pool: nobody assignable is refused up front (such a job could move nothing);
 * 2. read the lane: a job queued and not started is joined, so a double press runs once;
 * 3. commit the new job, its place in the queue (conditional on nobody waiting) and
 *    `tasker.shuffle_requested`; a press that queued first meanwhile is joined (back to 2).
 */
export async function requestShuffle(
  deps: Pick<TaskerDeps, 'unitOfWork' | 'jobs' | 'lane' | 'users' | 'clock' | 'newId'>,
  input: { requestedBy: string },
  context: { correlationId: string },
): Promise<ShuffleJob> {
  // Consistently: a stale empty pool would refuse the press wrongly, and nothing else reads it.
  if ((await deps.users.assignableIds(CONSISTENT)).length === 0) throw nobodyAssignable();
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const waiting = jobToJoin(await deps.lane.find());
    const joined = waiting === undefined ? undefined : await deps.jobs.find(waiting);
    if (joined) return joined;
    const now = deps.clock();
    const job = newShuffleJob(deps.newId(), input.requestedBy, now);
    const changes = deps.unitOfWork.begin({ correlationId: context.correlationId, now });
    deps.jobs.queued(changes, job);
    deps.lane.enqueued(changes, job.job_id);
    changes.publish(shuffleRequestedV1, {
      job_id: job.job_id,
      requested_by: job.requested_by,
      requested_at: job.requested_at,
    });
    try {
      await deps.unitOfWork.commit(changes);
      return job;
    } catch (error) {
      const raced =
        (error instanceof ConditionsFailed && error.failed('nobody_waiting')) ||
        error instanceof CommitConflict;
      if (!raced) throw error;
    }
  }
  throw new Error(`the reshuffle lane kept changing: ${ATTEMPTS} presses in a row lost the race`);
}
