import { describe, expect, it } from 'vitest';
import { activeAdminDelta } from './admin-invariant';
import type { User } from './user';

const user = (role: User['role'], active = true): User => ({
  id: 'u',
  email: 'u@x.test',
  name: 'U',
  role,
  active,
  revision: 1,
  created_at: '',
  updated_at: '',
});

describe('activeAdminDelta', () => {
  it('counts a new active admin, and a promotion or reactivation to admin, as one more', () => {
    expect(activeAdminDelta(undefined, user('admin'))).toBe(1);
    expect(activeAdminDelta(user('worker'), user('admin'))).toBe(1);
    expect(activeAdminDelta(user('admin', false), user('admin'))).toBe(1);
  });

  it('counts a demotion or deactivation of an active admin as one fewer', () => {
    expect(activeAdminDelta(user('admin'), user('manager'))).toBe(-1);
    expect(activeAdminDelta(user('admin'), user('admin', false))).toBe(-1);
  });

  it('leaves the count alone for everyone else and for renames', () => {
    expect(activeAdminDelta(undefined, user('worker'))).toBe(0);
    expect(activeAdminDelta(user('admin'), user('admin'))).toBe(0);
    expect(activeAdminDelta(user('worker'), user('worker', false))).toBe(0);
    expect(activeAdminDelta(user('admin', false), user('manager', false))).toBe(0);
  });
});
