import type * as z from '#events/zod';
import type { Role } from '#events';
import type { userSnapshot } from '#events/auth/user-snapshot';

/** An employee account as every part of Auth sees it. Public id is a UUID made here. */
export interface User {
  id: string;
  /** As the admin typed it; uniqueness is checked on the lower-cased form (`emailKeyOf`). */
  email: string;
  name: string;
  role: Role;
  /** False once deactivated: the account stays (history refers to it) but cannot sign in. */
  active: boolean;
  /** Bumped on every change, so replicas in other domains keep the newest snapshot. */
  revision: number;
  created_at: string;
  updated_at: string;
}

/** The user plus the secret that never leaves Auth's table. */
export interface UserWithCredentials extends User {
  password_hash: string;
}

/** The JSON an API response carries: no hash, no revision (an internal replication detail). */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export type UserSnapshot = z.infer<typeof userSnapshot>;

/** E-mail addresses are unique regardless of case: `Kiwi@X.test` and `kiwi@x.test` are one person. */
export const emailKeyOf = (email: string) => email.trim().toLowerCase();

/** Built field by field, so a new secret attribute on the record can never leak by accident. */
export const viewOf = (user: User): UserView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  active: user.active,
  created_at: user.created_at,
  updated_at: user.updated_at,
});

/** The whole user at one revision, as every user CUD event carries it. */
export const snapshotOf = (user: User): UserSnapshot => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  active: user.active,
  revision: user.revision,
  changed_at: user.updated_at,
});
