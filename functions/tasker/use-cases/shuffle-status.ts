import { Refusal } from '#shared/refusal';
import { shuffleJobView } from '../domain/shuffle-job';
import { findShuffleJob, findShuffleLane } from '../store/shuffle-store';

/** A job's progress, and for a waiting job its place in the queue. */
export async function shuffleStatus(jobId: string) {
  const job = await findShuffleJob(jobId);
  if (!job)
    throw new Refusal('not_found', 'shuffle_not_found', `there is no reshuffle job ${jobId}`);
  if (job.status !== 'queued') return shuffleJobView(job, null);
  const position = (await findShuffleLane()).queue.indexOf(jobId);
  return shuffleJobView(job, position === -1 ? null : position + 1);
}
