import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { authService } from '../service';
import { givenUser, signedInAsEach } from '../test-support/fixtures';
import { serveAuthJwks } from '../test-support/jwks-server';
import { itemsOfType, outboxWatermark } from '../test-support/table-contents';
import { handler } from './delete-user';

const route = authService.routes.deleteUser;
const ROLES = ['admin', 'manager', 'accountant', 'worker'] as const;

describe('DELETE /auth/users/{id}', () => {
  let jwks: Awaited<ReturnType<typeof serveAuthJwks>>;
  let sessions: Awaited<ReturnType<typeof signedInAsEach<typeof ROLES>>>;
  const remove = (id: string, token = sessions.admin.token) =>
    callRoute(handler, route, { token, params: { id } });

  beforeAll(async () => {
    await createTables();
    jwks = await serveAuthJwks();
    sessions = await signedInAsEach(ROLES);
  });
  afterAll(() => jwks.close());

  it('deactivates: 200 active=false, exactly one user.deleted, the account stays', async () => {
    const user = await givenUser('worker');
    const outbox = await outboxWatermark();

    const response = await remove(user.id);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: user.id, email: user.email, active: false });
    const events = await outbox.newEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'ates.auth',
      detailType: 'user.deleted',
      data: { id: user.id, active: false, revision: 2, role: 'worker' },
    });
    const stored = (await itemsOfType('user')).find((item) => item.id === user.id);
    expect(stored).toMatchObject({ active: false, revision: 2 });
  });

  it('answers 404 for an unknown id and 400 for a non-UUID, writing nothing', async () => {
    const outbox = await outboxWatermark();
    expect((await remove(crypto.randomUUID())).status).toBe(404);
    expect((await remove('not-a-uuid')).status).toBe(400);
    expect(await outbox.newEvents()).toEqual([]);
  });

  it.each(['manager', 'accountant', 'worker'] as const)(
    'refuses a %s with 403 and writes nothing',
    async (role) => {
      const user = await givenUser('worker');
      const outbox = await outboxWatermark();
      const response = await remove(user.id, sessions[role].token);
      expect(response.status).toBe(403);
      expect(await outbox.newEvents()).toEqual([]);
    },
  );
});
