/**
 * A reshuffle job: one press of the button. Jobs run one at a time, in the order they were
 * pressed. A press while another press waits (queued, not started) joins that job: a double
 * press runs one reshuffle. A press while a job runs queues one more, to run after it.
 */
export type ShuffleJobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ShuffleJob {
  job_id: string;
  status: ShuffleJobStatus;
  requested_by: string;
  requested_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** How many tasks were open when the job started: the denominator of its progress. */
  open_tasks_at_start: number | null;
  /** Open tasks the job has looked at so far (reassigned + found completed meanwhile). */
  processed: number;
  reassigned: number;
  /**
   * Of `reassigned`, the moves that gave the task to someone else; the rest drew the same
   * worker again (and were still charged a fee). A move found already made on a redelivered
   * chunk counts as reassigned only: who held the task before is no longer known then.
   */
  changed_hands: number;
  skipped_completed: number;
  chunks_done: number;
  /** Why a `failed` job stopped (nobody was assignable); null otherwise. */
  failure_reason: string | null;
}

/**
 * Moves per transaction: one item each (the task), one outbox row carries all their
 * `task.assigned`, and one more item checks the pool: 98 + 1 + 1 = the 100 items a transaction
 * holds.
 */
export const SHUFFLE_MOVES_PER_TRANSACTION = 98;

/**
 * Tasks per chunk message: four full transactions of moves (392 tasks, as eight transactions of
 * 49 moves were before a transaction's `task.assigned` shared one outbox row; eight of 98
 * measured no faster). The next chunk is requested only when this one is counted, through the
 * outbox, stream, bus and queue: that gap is paid once per four transactions. Small enough that
 * a chunk takes about a second locally (the job's progress moves that often) and stays far
 * inside the consumer's 60 s timeout even if every transaction took seconds.
 */
export const SHUFFLE_CHUNK_SIZE = 4 * SHUFFLE_MOVES_PER_TRANSACTION;

export const newShuffleJob = (jobId: string, requestedBy: string, now: Date): ShuffleJob => ({
  job_id: jobId,
  status: 'queued',
  requested_by: requestedBy,
  requested_at: now.toISOString(),
  started_at: null,
  finished_at: null,
  open_tasks_at_start: null,
  processed: 0,
  reassigned: 0,
  changed_hands: 0,
  skipped_completed: 0,
  chunks_done: 0,
  failure_reason: null,
});

/** 0..1; tasks opened during the job can push `processed` past the start count, hence the cap. */
export function progressOf(job: ShuffleJob): number {
  if (job.status === 'done') return 1;
  if (!job.open_tasks_at_start) return 0;
  return Math.min(1, job.processed / job.open_tasks_at_start);
}

export const shuffleJobView = (job: ShuffleJob, queuePosition: number | null) => ({
  ...job,
  progress: progressOf(job),
  /** 1 = next to run; null unless the job is waiting behind another. */
  queue_position: queuePosition,
});

/**
 * The single lane reshuffles run in: the job running now and the jobs waiting, oldest first.
 * Kept as one record so starting and handing over are one conditional write.
 */
export interface ShuffleLane {
  running_job: string | null;
  queue: readonly string[];
}

/** The job to start now, if the lane is free and someone is waiting. */
export const jobToStart = (lane: ShuffleLane): string | undefined =>
  lane.running_job === null ? lane.queue[0] : undefined;

/** The waiting job a new press joins instead of queuing another: the newest not yet started. */
export const jobToJoin = (lane: ShuffleLane): string | undefined => lane.queue.at(-1);

/** Why a reshuffle job failed when nobody was left to move its open tasks to. */
export const NOBODY_ASSIGNABLE_REASON =
  'nobody was assignable: every employee is deactivated, a manager or an admin, so the open tasks left could not be moved';
