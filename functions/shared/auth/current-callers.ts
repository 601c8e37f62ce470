import type { Role } from '#events';
import type { Caller } from './caller';

/** What a domain's user replica (or Auth's own user table) knows of one user now. */
export interface CallerState {
  active: boolean;
  role: Role;
  /** The user's revision this state is at; tokens carry the revision they were issued at. */
  revision: number;
}

/**
 * The port a domain hands the HTTP middleware so that revoked power stops working as soon as
 * the domain has heard of the change: `undefined` when the domain does not know the user (yet).
 */
export interface CurrentCallers {
  callerState(userId: string): Promise<CallerState | undefined>;
}

/**
 * A token is revoked when the domain knows the user at the token's revision or a later one,
 * and the user is now inactive or holds another role. A replica older than the token says
 * nothing about it (the token is newer news), and neither does a replica that lacks the user.
 * A rename alone (a later revision, same role, still active) revokes nothing.
 */
export function isRevoked(caller: Caller, state: CallerState | undefined): boolean {
  if (state === undefined || state.revision < caller.revision) return false;
  return !state.active || state.role !== caller.role;
}

/**
 * Auth's user events carry the whole user at a revision and may arrive in any order or twice, so
 * every replica of a user keeps the highest revision it has heard: a late or repeated snapshot
 * (lower or equal revision) changes nothing.
 */
export const supersedes = (
  incoming: { revision: number },
  stored: { revision: number } | undefined,
): boolean => stored === undefined || incoming.revision > stored.revision;
