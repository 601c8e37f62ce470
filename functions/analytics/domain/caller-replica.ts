import type { Role } from '#events';

/** One user as Analytics knows them: what the revocation check needs, nothing more. */
export interface CallerReplica {
  id: string;
  role: Role;
  active: boolean;
  /** Auth's revision of the user this state is at. */
  revision: number;
}

/**
 * Auth's user events carry the whole user at a revision and may arrive in any order or twice:
 * only a higher revision than the one kept replaces it.
 */
export const supersedesReplica = (incoming: CallerReplica, stored: CallerReplica | undefined) =>
  stored === undefined || incoming.revision > stored.revision;
