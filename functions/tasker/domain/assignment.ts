import type { Role } from '#events';
import type { RandomInt } from '#shared/random';
import type { Task } from './task';

/** Managers and admins hand out work; they never receive it. Deactivated employees neither. */
const NEVER_ASSIGNED: readonly Role[] = ['admin', 'manager'];

/** Who may be given a task: the one rule, applied by the replica to the assignable pool. */
export const isAssignable = (user: { active: boolean; role: Role }) =>
  user.active && !NEVER_ASSIGNED.includes(user.role);

/**
 * Picks one assignee uniformly at random from the assignable pool. The candidates are sorted
 * first so a seeded generator gives the same pick whatever order the store returned them in.
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

export const firstAssignment = (
  assignmentId: string,
  assigneeId: string,
  now: Date,
): Assignment => ({
  assignment_id: assignmentId,
  assignment_seq: 1,
  assignee_id: assigneeId,
  assigned_at: now.toISOString(),
});

/** The next assignment of a task; it may go to the same employee, and still counts as a new one. */
export const nextAssignment = (
  task: Task,
  assignmentId: string,
  assigneeId: string,
  now: Date,
): Assignment => ({
  assignment_id: assignmentId,
  assignment_seq: task.assignment_seq + 1,
  assignee_id: assigneeId,
  assigned_at: now.toISOString(),
});

/** `task.assigned` of one assignment (creation or a move): the data the use case publishes. */
export const assignedEventData = (task: Task, assignment: Assignment) => ({
  id: task.id,
  user_id: assignment.assignee_id,
  assignment_id: assignment.assignment_id,
  assignment_seq: assignment.assignment_seq,
  assigned_at: assignment.assigned_at,
});
