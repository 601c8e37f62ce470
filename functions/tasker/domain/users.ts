import type { Role } from '#events';

/** Tasker's replica of an employee, at the revision Auth gave it. Who may be assigned: assignment.ts. */
export interface UserReplica {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  revision: number;
  changed_at: string;
}

/** The replica's rule: the highest revision wins (shared by every replica of a user). */
export { supersedes } from '#shared/auth/current-callers';
