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

/**
 * Every user event carries the whole user at a revision, so the highest revision wins: a late
 * or repeated event (lower or equal revision) changes nothing, whatever order they arrive in.
 */
export const supersedes = (incoming: UserReplica, current: UserReplica | undefined) =>
  current === undefined || incoming.revision > current.revision;
