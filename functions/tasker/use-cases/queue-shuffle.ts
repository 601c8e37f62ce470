import { commit, ConditionsFailed, isTransactionConflict } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import { nobodyAssignable } from '../domain/errors';
import type { TaskerDeps } from '../domain/ports';
import { jobToJoin, newShuffleJob, type ShuffleJob } from '../domain/shuffle-job';

/** Presses racing each other for the lane: each round, one of them wins. */
const ATTEMPTS = 5;

/**
 * The Reshuffle button: queues a job, or joins the one already waiting, and returns at once.
 * The work happens in Tasker's consumer, a chunk per message.
 * 1. read the pool: nobody assignable is refused up front (such a job could move nothing);
 * 2. read the lane: a job queued and not started is joined, so a double press runs once;
 * 3. commit the new job, its place in the queue (conditional on nobody waiting) and
 *    `tasker.shuffle_requested`; a press that queued first meanwhile is joined (back to 2).
 */
export async function queueShuffle(
  deps: Pick<TaskerDeps, 'jobs' | 'lane' | 'users' | 'clock' | 'newId'>,
  input: { requestedBy: string },
  context: EventContext,
): Promise<ShuffleJob> {
  if ((await deps.users.assignableIds()).length === 0) throw nobodyAssignable();
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const waiting = jobToJoin(await deps.lane.find());
    const joined = waiting === undefined ? undefined : await deps.jobs.find(waiting);
    if (joined) return joined;
    const now = deps.clock();
    const job = newShuffleJob(deps.newId(), input.requestedBy, now);
    try {
      await commit([
        ...deps.jobs.queued(job, { ...context, now }),
        ...deps.lane.enqueued(job.job_id),
      ]);
      return job;
    } catch (error) {
      const raced =
        (error instanceof ConditionsFailed && error.failed('nobody_waiting')) ||
        isTransactionConflict(error);
      if (!raced) throw error;
    }
  }
  throw new Error(`the reshuffle lane kept changing: ${ATTEMPTS} presses in a row lost the race`);
}
