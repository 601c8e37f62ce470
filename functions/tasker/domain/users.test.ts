import { describe, expect, it } from 'vitest';
import { supersedes, type UserReplica } from './users';

const user = (revision: number): UserReplica => ({
  id: 'u',
  name: 'n',
  email: 'e@x.test',
  role: 'worker',
  active: true,
  revision,
  changed_at: '2024-01-01T00:00:00Z',
});

describe('users replica rules', () => {
  it('keeps the highest revision: an equal or older snapshot does not replace it', () => {
    expect(supersedes(user(1), undefined)).toBe(true);
    expect(supersedes(user(3), user(2))).toBe(true);
    expect(supersedes(user(2), user(2))).toBe(false);
    expect(supersedes(user(1), user(2))).toBe(false);
  });
});
