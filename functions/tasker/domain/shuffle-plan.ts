import { nextAssignment, pickAssignee, type Assignment } from './assignment';
import { nobodyAssignable } from './errors';
import type { RandomInt } from '#shared/random';
import type { ChunkTally } from './ports';
import type { Task } from './task';

export interface ChunkPlan {
  moves: { task: Task; assignment: Assignment }[];
  /** Moved by this same job on an earlier delivery of the chunk: counted, not moved again. */
  alreadyMoved: number;
  /** Completed since the chunk's page was read: a completed task stays with who completed it. */
  completed: number;
  /** Moves that give the task to someone else (the random draw may pick its holder again). */
  changedHands: number;
}

/**
 * Decides a fresh random assignee for every task of a chunk that is still open. Throws
 * `no_assignable_employee` when there is an open task to move and nobody to move it to.
 */
export function planChunk(
  tasks: readonly Task[],
  candidates: readonly string[],
  job: { jobId: string; now: Date; random: RandomInt; newId: () => string },
): ChunkPlan {
  const plan: ChunkPlan = { moves: [], alreadyMoved: 0, completed: 0, changedHands: 0 };
  for (const task of tasks) {
    if (task.status === 'completed') plan.completed++;
    else if (task.last_shuffle_job === job.jobId) plan.alreadyMoved++;
    else {
      const assignee = pickAssignee(candidates, job.random);
      if (assignee === undefined) throw nobodyAssignable();
      plan.moves.push({ task, assignment: nextAssignment(task, job.newId(), assignee, job.now) });
      if (assignee !== task.assignee_id) plan.changedHands++;
    }
  }
  return plan;
}

export const NO_TALLY: ChunkTally = {
  processed: 0,
  reassigned: 0,
  changed_hands: 0,
  skipped_completed: 0,
};

export const addTally = (a: ChunkTally, b: ChunkTally): ChunkTally => ({
  processed: a.processed + b.processed,
  reassigned: a.reassigned + b.reassigned,
  changed_hands: a.changed_hands + b.changed_hands,
  skipped_completed: a.skipped_completed + b.skipped_completed,
});

/** What a committed batch adds to its chunk's tally. */
export const tallyOf = (plan: ChunkPlan, tasksRead: number): ChunkTally => ({
  processed: tasksRead,
  reassigned: plan.moves.length + plan.alreadyMoved,
  changed_hands: plan.changedHands,
  skipped_completed: plan.completed,
});

/** `items` in as few batches of at most `max` as possible, of (nearly) equal size. */
export function evenBatches<T>(items: readonly T[], max: number): T[][] {
  const count = Math.ceil(items.length / max);
  const size = Math.ceil(items.length / Math.max(count, 1));
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
