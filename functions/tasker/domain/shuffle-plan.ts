import { nextAssignment, pickAssignee, type Assignment } from './assignment';
import type { RandomInt } from './random';
import type { Task } from './task';

export interface ChunkPlan {
  moves: { task: Task; assignment: Assignment }[];
  /** Moved by this same job on an earlier delivery of the chunk: counted, not moved again. */
  alreadyMoved: number;
  /** Completed since the chunk's page was read: a completed task stays with who completed it. */
  completed: number;
}

/** Decides a fresh random assignee for every task of a chunk that is still open. */
export function planChunk(
  tasks: readonly Task[],
  candidates: readonly string[],
  jobId: string,
  random: RandomInt,
  now: Date,
): ChunkPlan {
  const plan: ChunkPlan = { moves: [], alreadyMoved: 0, completed: 0 };
  for (const task of tasks) {
    if (task.status === 'completed') plan.completed++;
    else if (task.last_shuffle_job === jobId) plan.alreadyMoved++;
    else {
      const assignee = pickAssignee(candidates, random);
      if (assignee === undefined)
        throw new Error('nobody is assignable: the reshuffle cannot move open tasks to anyone');
      plan.moves.push({ task, assignment: nextAssignment(task, assignee, now) });
    }
  }
  return plan;
}
