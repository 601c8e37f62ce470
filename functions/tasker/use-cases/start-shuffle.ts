import type { TransactItem } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import { jobToStart, type ShuffleLane } from '../domain/shuffle-job';
import {
  countOpenTasks,
  findShuffleLane,
  releaseLaneItems,
  startShuffleItems,
} from '../store/shuffle-store';

/**
 * What the lane does next. `finishing` is the job that just did its last chunk (it hands the
 * lane to the head of the queue, or frees it); null means "start something if the lane is idle".
 * Every write is conditional on the lane as read here: if a press or another consumer changed
 * it meanwhile, the transaction fails, the message is retried and the lane is read again.
 */
export async function nextShuffleItems(
  lane: ShuffleLane,
  finishing: string | null,
  context: EventContext,
): Promise<TransactItem[]> {
  const next = finishing === null ? jobToStart(lane) : lane.queue[0];
  if (next === undefined) return finishing === null ? [] : releaseLaneItems(finishing);
  return startShuffleItems(next, finishing, await countOpenTasks(), new Date(), context);
}

/** The reaction to `tasker.shuffle_requested`: start the oldest waiting job if none is running. */
export async function onShuffleRequested(context: EventContext): Promise<TransactItem[]> {
  return nextShuffleItems(await findShuffleLane(), null, context);
}
