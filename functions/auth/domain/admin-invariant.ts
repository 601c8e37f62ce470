import type { User } from './user';

/**
 * The company always keeps at least one active admin: with none, nobody could create, fix or
 * reactivate an account short of the admin script. Each command that changes who is an active
 * admin moves a counter by this much, in the same transaction as the change; lowering it is
 * conditional on another active admin remaining, so two admins demoting each other at once
 * cannot both succeed.
 */
export const countsAsAdmin = (user: Pick<User, 'role' | 'active'> | undefined) =>
  user !== undefined && user.active && user.role === 'admin';

export function activeAdminDelta(before: User | undefined, after: User): -1 | 0 | 1 {
  const was = countsAsAdmin(before);
  const is = countsAsAdmin(after);
  return was === is ? 0 : is ? 1 : -1;
}
