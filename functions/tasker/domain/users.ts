import type { Role } from '#events';

/** Tasker's replica of an employee: just what assignment needs, at the revision Auth gave it. */
export interface UserReplica {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  revision: number;
  changed_at: string;
}

/** Managers and admins hand out work; they never receive it. Deactivated employees neither. */
const NEVER_ASSIGNED: readonly Role[] = ['admin', 'manager'];

export const isAssignable = (user: Pick<UserReplica, 'active' | 'role'>) =>
  user.active && !NEVER_ASSIGNED.includes(user.role);

/**
 * Every user event carries the whole user at a revision, so the highest revision wins: a late
 * or repeated event (lower or equal revision) changes nothing, whatever order they arrive in.
 */
export const supersedes = (incoming: UserReplica, current: UserReplica | undefined) =>
  current === undefined || incoming.revision > current.revision;
