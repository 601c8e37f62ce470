import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import type { UserView } from '../domain/user';
import { authService } from '../service';
import { givenUser, signedInAsEach } from '../test-support/fixtures';
import { serveAuthJwks } from '../test-support/jwks-server';
import { handler } from './list-users';

const route = authService.routes.listUsers;
const ROLES = ['admin', 'manager', 'accountant', 'worker'] as const;

describe('GET /auth/users', () => {
  let jwks: Awaited<ReturnType<typeof serveAuthJwks>>;
  let sessions: Awaited<ReturnType<typeof signedInAsEach<typeof ROLES>>>;
  const list = (query?: Record<string, string>, token = sessions.admin.token) =>
    callRoute(handler, route, { token, query });

  beforeAll(async () => {
    await createTables();
    jwks = await serveAuthJwks();
    sessions = await signedInAsEach(ROLES);
    await givenUser('worker', { email: 'Zed@uberpopug.test' });
  });
  afterAll(() => jwks.close());

  it('lists every account by e-mail, as user JSON without secrets', async () => {
    const response = await list();
    expect(response.status).toBe(200);
    const users: UserView[] = response.body.users;
    expect(users).toHaveLength(5);
    const emails = users.map((u) => u.email.toLowerCase());
    expect(emails).toEqual([...emails].sort());
    expect(users).toContainEqual(sessions.worker.user);
    for (const user of users)
      expect(Object.keys(user).sort()).toEqual(
        ['active', 'created_at', 'email', 'id', 'name', 'role', 'updated_at'].sort(),
      );
    expect(response.body.next_cursor).toBeUndefined();
  });

  it('pages with limit and the opaque next_cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const response = await list(cursor ? { limit: '2', cursor } : { limit: '2' });
      expect(response.status).toBe(200);
      expect(response.body.users.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.users.map((u: UserView) => u.id));
      cursor = response.body.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
  });

  it.each([
    ['limit=0', { limit: '0' }],
    ['limit=abc', { limit: 'abc' }],
    ['an unknown parameter', { role: 'worker' }],
  ])('refuses %s with 400', async (_, query) => {
    const response = await list(query);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });

  it('refuses a forged cursor with 400 invalid_cursor', async () => {
    const response = await list({ cursor: 'bm90IGEgY3Vyc29y' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_cursor');
  });

  it.each(['manager', 'accountant', 'worker'] as const)('refuses a %s with 403', async (role) => {
    expect((await list(undefined, sessions[role].token)).status).toBe(403);
  });

  it('refuses a caller without a token with 401', async () => {
    expect((await callRoute(handler, route)).status).toBe(401);
  });
});
