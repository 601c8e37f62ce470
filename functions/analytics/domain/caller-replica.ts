import type { Role } from '#events';

/** One user as Analytics knows them: what the revocation check needs, nothing more. */
export interface CallerReplica {
  id: string;
  role: Role;
  active: boolean;
  /** Auth's revision of the user this state is at. */
  revision: number;
}

/** The replica's rule: the highest revision wins (shared by every replica of a user). */
export { supersedes as supersedesReplica } from '#shared/auth/current-callers';
