import type { EventContext } from '#shared/outbox/outbox';
import type { TaskerDeps, Writes } from '../domain/ports';
import { jobToStart, type ShuffleLane } from '../domain/shuffle-job';

type LaneDeps = Pick<TaskerDeps, 'jobs' | 'lane' | 'moves' | 'clock'>;

/**
 * What the lane does next. `finishing` is the job that just ended (done or failed): it hands
 * the lane to the head of the queue, or frees it; null means "start something if the lane is
 * idle". Every write is conditional on the lane as read here: if a press or another consumer
 * changed it meanwhile, the transaction fails, the message is retried and the lane read again.
 */
export async function nextShuffleItems(
  deps: LaneDeps,
  lane: ShuffleLane,
  finishing: string | null,
  context: EventContext,
): Promise<Writes> {
  const next = finishing === null ? jobToStart(lane) : lane.queue[0];
  if (next === undefined) return finishing === null ? [] : deps.lane.released(finishing);
  const now = deps.clock();
  return [
    ...deps.lane.handedTo(next, finishing),
    ...deps.jobs.started(next, await deps.moves.countOpen(), now, { ...context, now }),
  ];
}

/**
 * The reaction to `tasker.shuffle_requested`.
 * 1. read the lane;
 * 2. if no job runs, start the oldest waiting one: it takes the lane, counts the open tasks
 *    and requests its first chunk (returned for the consumer to commit with the marker).
 */
export async function onShuffleRequested(deps: LaneDeps, context: EventContext): Promise<Writes> {
  return nextShuffleItems(deps, await deps.lane.find(), null, context);
}
