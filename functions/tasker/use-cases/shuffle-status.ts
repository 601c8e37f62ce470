import { TaskerError } from '../domain/errors';
import type { TaskerDeps } from '../domain/ports';
import { shuffleJobView } from '../domain/shuffle-job';

/**
 * A job's progress (and, once failed, why), and for a waiting job its place in the queue.
 * 1. read the job (unknown: not found);
 * 2. for a queued job, read the lane to find its place.
 */
export async function shuffleStatus(
  deps: Pick<TaskerDeps, 'jobs' | 'lane'>,
  input: { jobId: string },
) {
  const job = await deps.jobs.find(input.jobId);
  if (!job) throw new TaskerError('shuffle_not_found', `there is no reshuffle job ${input.jobId}`);
  if (job.status !== 'queued') return shuffleJobView(job, null);
  const position = (await deps.lane.find()).queue.indexOf(input.jobId);
  return shuffleJobView(job, position === -1 ? null : position + 1);
}
