import type { Changes } from '#shared/unit-of-work/changes';
import type { ChunkOutcome, ChunkTally, ShuffleJobStore } from '../../domain/ports';
import type { ShuffleJob } from '../../domain/shuffle-job';
import type { TaskerTables } from './tables';

/** Reshuffle jobs, in memory. */
export class MemoryShuffleJobStore implements ShuffleJobStore {
  constructor(private readonly tables: TaskerTables) {}

  async find(jobId: string): Promise<ShuffleJob | undefined> {
    return this.tables.jobs.get(jobId);
  }

  queued(changes: Changes, job: ShuffleJob): void {
    changes.write(this.tables.jobs.put(job.job_id, job, { guard: 'job_is_new', when: (j) => !j }));
  }

  started(changes: Changes, jobId: string, openTasks: number, now: Date): void {
    changes.write(
      this.tables.jobs.update(
        jobId,
        (job) => ({
          ...job!,
          status: 'running',
          started_at: now.toISOString(),
          open_tasks_at_start: openTasks,
        }),
        { guard: 'job_is_queued', when: (job) => job?.status === 'queued' },
      ),
    );
  }

  chunkCounted(
    changes: Changes,
    jobId: string,
    chunk: number,
    tally: ChunkTally,
    outcome: ChunkOutcome,
    now: Date,
  ): void {
    const counted = (job: ShuffleJob): ShuffleJob => ({
      ...job,
      processed: job.processed + tally.processed,
      reassigned: job.reassigned + tally.reassigned,
      changed_hands: job.changed_hands + tally.changed_hands,
      skipped_completed: job.skipped_completed + tally.skipped_completed,
      chunks_done: job.chunks_done + 1,
    });
    const ended = (job: ShuffleJob): ShuffleJob => {
      if ('done' in outcome) return { ...job, status: 'done', finished_at: now.toISOString() };
      if ('failed' in outcome)
        return {
          ...job,
          status: 'failed',
          finished_at: now.toISOString(),
          failure_reason: outcome.failed,
        };
      return job;
    };
    changes.write(
      this.tables.jobs.update(jobId, (job) => ended(counted(job!)), {
        guard: 'chunk_is_next',
        when: (job) => job?.status === 'running' && job.chunks_done === chunk - 1,
      }),
    );
  }
}
