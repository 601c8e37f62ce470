import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { deactivateUser } from '../use-cases/deactivate-user';
import { OPERATOR } from '../domain/actor';
import { authService } from '../service';
import { givenUser, signedInAsEach } from '../test-support/fixtures';
import { serveAuthJwks } from '../test-support/jwks-server';
import { itemsOfType, outboxWatermark } from '../test-support/table-contents';
import { authDeps } from '../wiring';
import { handler } from './update-user';

const route = authService.routes.updateUser;
const ROLES = ['admin', 'manager', 'accountant', 'worker'] as const;

describe('PATCH /auth/users/{id}', () => {
  let jwks: Awaited<ReturnType<typeof serveAuthJwks>>;
  let sessions: Awaited<ReturnType<typeof signedInAsEach<typeof ROLES>>>;
  const patch = (id: string, body: unknown, token = sessions.admin.token) =>
    callRoute(handler, route, { token, params: { id }, body });
  const storedUser = async (id: string) =>
    (await itemsOfType('user')).find((item) => item.id === id)!;

  beforeAll(async () => {
    await createTables();
    jwks = await serveAuthJwks();
    sessions = await signedInAsEach(ROLES);
  });
  afterAll(() => jwks.close());

  it('renames: 200, revision 2, exactly one user.updated', async () => {
    const user = await givenUser('worker', { name: 'Kiwi' });
    const outbox = await outboxWatermark();

    const response = await patch(user.id, { name: 'Kiwi the Second' });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: user.id, name: 'Kiwi the Second', role: 'worker' });
    expect(response.body.updated_at > user.updated_at).toBe(true);
    const events = await outbox.newEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      detailType: 'user.updated',
      data: { id: user.id, name: 'Kiwi the Second', role: 'worker', revision: 2, active: true },
    });
    expect((await storedUser(user.id)).revision).toBe(2);
  });

  it('answers 404 for an unknown id and writes nothing', async () => {
    const outbox = await outboxWatermark();
    const response = await patch(crypto.randomUUID(), { name: 'Nobody' });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
    expect(await outbox.newEvents()).toEqual([]);
  });

  it.each([
    ['an empty body', {}, /at least one of name, role/],
    ['an unknown role', { role: 'overlord' }, /role: Invalid option/],
    ['an e-mail (not changeable)', { name: 'X', email: 'x@y.test' }, /unknown field\(s\) email/],
    ['an empty name', { name: '' }, /name: must not be empty/],
    ['a password (not changeable here)', { password: 'longenough' }, /password/],
  ])('refuses %s with 400 and writes nothing', async (_, body, message) => {
    const user = await givenUserOnce();
    const outbox = await outboxWatermark();
    const response = await patch(user.id, body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(await outbox.newEvents()).toEqual([]);
    expect((await storedUser(user.id)).revision).toBe(1);
  });

  it('refuses malformed JSON and an id that is not a UUID with 400', async () => {
    const user = await givenUserOnce();
    const malformed = await callRoute(handler, route, {
      token: sessions.admin.token,
      params: { id: user.id },
      rawBody: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
    const badId = await patch('42', { name: 'X' });
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toMatch(/id: must be a user id/);
  });

  it.each(['manager', 'accountant', 'worker'] as const)(
    'refuses a %s with 403 and writes nothing',
    async (role) => {
      const user = await givenUserOnce();
      const response = await patch(user.id, { role: 'admin' }, sessions[role].token);
      expect(response.status).toBe(403);
      expect((await storedUser(user.id)).role).toBe('worker');
    },
  );

  describe('reactivation (issue 9, item 8)', () => {
    it('reactivates with {"active": true}: 200, a higher revision, one user.updated with the whole user', async () => {
      const user = await givenUser('worker', { name: 'Kea' });
      await deactivateUser(authDeps(), OPERATOR, user.id, { correlationId: 't' });
      const outbox = await outboxWatermark();

      const response = await patch(user.id, { active: true });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: user.id, active: true, role: 'worker' });
      expect(await storedUser(user.id)).toMatchObject({ active: true, revision: 3 });
      const events = await outbox.newEvents();
      expect(events.map((e) => e.detailType)).toEqual(['user.updated']);
      expect(events[0]!.data).toMatchObject({
        id: user.id,
        email: user.email,
        name: 'Kea',
        role: 'worker',
        active: true,
        revision: 3,
      });
    });

    it('refuses {"active": false} (that is DELETE) with 400 and changes nothing', async () => {
      const user = await givenUser('worker');
      const response = await patch(user.id, { active: false });
      expect(response.status).toBe(400);
      expect(await storedUser(user.id)).toMatchObject({ active: true, revision: 1 });
    });

    it('is for admins only', async () => {
      const user = await givenUser('worker');
      await deactivateUser(authDeps(), OPERATOR, user.id, { correlationId: 't' });
      expect((await patch(user.id, { active: true }, sessions.manager.token)).status).toBe(403);
      expect(await storedUser(user.id)).toMatchObject({ active: false });
    });
  });

  describe('names (issue 9, item 12)', () => {
    it.each([
      ['a right-to-left override', 'Kiwi\u202Egnp.exe'],
      ['a newline', 'Kiwi\nAdmin'],
      ['an escape sequence', 'Kiwi\u001b[31m'],
      ['a first-strong isolate', 'Kiwi\u2068x'],
    ])('refuses a name with %s (400, nothing written)', async (_, name) => {
      const user = await givenUser('worker', { name: 'Plain' });
      const response = await patch(user.id, { name });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/control characters or bidirectional/);
      expect(await storedUser(user.id)).toMatchObject({ name: 'Plain', revision: 1 });
    });

    it('counts length in code points: 100 emoji fit, 101 do not', async () => {
      const user = await givenUser('worker');
      expect((await patch(user.id, { name: '🦜'.repeat(100) })).status).toBe(200);
      expect((await patch(user.id, { name: '🦜'.repeat(101) })).status).toBe(400);
    });
  });
});

let untouched: Awaited<ReturnType<typeof givenUser>> | undefined;
/** A user the refusal tests share: none of them may change it. */
async function givenUserOnce() {
  untouched ??= await givenUser('worker');
  return untouched;
}
