import { randomUUID } from 'node:crypto';
import type { RandomInt } from './random';
import type { Task } from './task';

/**
 * Picks one assignee uniformly at random. The candidates are sorted first so a seeded generator
 * gives the same pick whatever order the store returned them in.
 */
export function pickAssignee(candidates: readonly string[], random: RandomInt): string | undefined {
  if (candidates.length === 0) return undefined;
  const sorted = [...candidates].sort();
  return sorted[random(sorted.length)];
}

export interface Assignment {
  assignment_id: string;
  assignment_seq: number;
  assignee_id: string;
  assigned_at: string;
}

export const firstAssignment = (assigneeId: string, now: Date): Assignment => ({
  assignment_id: randomUUID(),
  assignment_seq: 1,
  assignee_id: assigneeId,
  assigned_at: now.toISOString(),
});

/** The next assignment of a task; it may go to the same employee, and still counts as a new one. */
export const nextAssignment = (task: Task, assigneeId: string, now: Date): Assignment => ({
  assignment_id: randomUUID(),
  assignment_seq: task.assignment_seq + 1,
  assignee_id: assigneeId,
  assigned_at: now.toISOString(),
});
