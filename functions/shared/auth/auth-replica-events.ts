/**
 * What every domain that keeps a copy of Auth's users and signing keys subscribes to from Auth:
 * the user CUD snapshots (its user replica) and the published keys (its token verifier's keys).
 */
export const AUTH_REPLICA_EVENTS = [
  'user.created',
  'user.updated',
  'user.role_changed',
  'user.deleted',
  'auth.signing_key.published',
] as const;
