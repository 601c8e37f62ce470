import { shuffleChunkRequestedV1 } from '#events/tasker/tasker.shuffle_chunk_requested.v1';
import type { Changes } from '#shared/unit-of-work/changes';
import type { TaskerDeps } from '../domain/ports';
import { jobToStart } from '../domain/shuffle-job';

/**
 * Starts the next reshuffle on the lane: the reaction to `tasker.shuffle_requested`
 * (`finishing` null: start the oldest waiting job if the lane is idle), and the hand-over when
 * a job ends (`finishing`, done or failed: the head of the queue takes the lane, or it is freed).
 * 1. read the lane;
 * 2. the job to start takes the lane (conditional on the lane as read: if a press or another
 *    consumer changed it meanwhile, the commit fails, the message is retried and the lane read
 *    again), counts the open tasks and requests its first chunk; or the last job frees the lane.
 * Recorded on `changes`, which the consumer commits with the event's marker.
 */
export async function startShuffle(
  deps: Pick<TaskerDeps, 'jobs' | 'lane' | 'moves' | 'clock'>,
  changes: Changes,
  finishing: string | null = null,
): Promise<void> {
  const lane = await deps.lane.find();
  const next = finishing === null ? jobToStart(lane) : lane.queue[0];
  if (next === undefined) {
    if (finishing !== null) deps.lane.released(changes, finishing);
    return;
  }
  deps.lane.handedTo(changes, next, finishing);
  deps.jobs.started(changes, next, await deps.moves.countOpen(), deps.clock());
  changes.publish(shuffleChunkRequestedV1, { job_id: next, chunk: 1, after: null });
}
