import { randomUUID } from 'node:crypto';
import { transactWrite } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import { newShuffleJob, type ShuffleJob } from '../domain/shuffle-job';
import { queueShuffleItems } from '../store/shuffle-store';
import { assignableUserIds } from '../store/user-store';
import { nobodyAssignable } from './create-task';

/**
 * The reshuffle button: queues a job and returns at once. The work happens in Tasker's
 * consumer, a chunk per message, so no request or invocation has to last as long as the job.
 */
export async function queueShuffle(
  requestedBy: string,
  context: EventContext,
): Promise<ShuffleJob> {
  // Refused up front: a job that could move no task to anyone would only fail later, unseen.
  if ((await assignableUserIds()).length === 0) throw nobodyAssignable();
  const now = new Date();
  const job = newShuffleJob(randomUUID(), requestedBy, now);
  await transactWrite(queueShuffleItems(job, { ...context, now }));
  return job;
}
