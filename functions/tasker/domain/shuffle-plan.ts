import { nextAssignment, pickAssignee, type Assignment } from './assignment';
import { nobodyAssignable } from './errors';
import type { RandomInt } from '#shared/random';
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
