import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { authService } from '../service';
import { signedInAsEach } from '../test-support/fixtures';
import { serveAuthJwks } from '../test-support/jwks-server';
import { itemsOfType, outboxWatermark, tableDump } from '../test-support/table-contents';
import { handler } from './create-user';
import { handler as loginHandler } from './login';

const route = authService.routes.createUser;
const ROLES = ['admin', 'manager', 'accountant', 'worker'] as const;
const valid = () => ({
  email: `Kiwi-${crypto.randomUUID().slice(0, 8)}@UberPopug.test`,
  name: 'Kiwi',
  role: 'worker',
  password: 'beak-and-feathers',
});

describe('POST /auth/users', () => {
  let jwks: Awaited<ReturnType<typeof serveAuthJwks>>;
  let adminToken: string;
  let sessions: Awaited<ReturnType<typeof signedInAsEach<typeof ROLES>>>;
  beforeAll(async () => {
    await createTables();
    jwks = await serveAuthJwks();
    sessions = await signedInAsEach(ROLES);
    adminToken = sessions.admin.token;
  });
  afterAll(() => jwks.close());

  it('creates the user, answers 201 with it and publishes exactly one user.created', async () => {
    const outbox = await outboxWatermark();
    const input = valid();
    const response = await callRoute(handler, route, { token: adminToken, body: input });

    expect(response.status).toBe(201);
    expect(Object.keys(response.body).sort()).toEqual(
      ['active', 'created_at', 'email', 'id', 'name', 'role', 'updated_at'].sort(),
    );
    expect(response.body).toMatchObject({
      email: input.email,
      name: 'Kiwi',
      role: 'worker',
      active: true,
    });

    const events = await outbox.newEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'ates.auth',
      detailType: 'user.created',
      metadata: { event_name: 'user.created', event_version: 1, producer: 'auth' },
      data: {
        id: response.body.id,
        email: input.email,
        name: 'Kiwi',
        role: 'worker',
        active: true,
        revision: 1,
        changed_at: response.body.created_at,
      },
    });
    expect(events[0]!.metadata.correlation_id).toBe(response.headers['x-correlation-id']);
  });

  it('lets the new user sign in with the password the admin set', async () => {
    const input = valid();
    await callRoute(handler, route, { token: adminToken, body: input });
    const login = await callRoute(loginHandler, authService.routes.login, {
      body: { email: input.email.toLowerCase(), password: input.password },
    });
    expect(login.status).toBe(200);
  });

  it('keeps the password out of the response, the events and the table (only its hash)', async () => {
    const input = { ...valid(), password: 'a-very-recognisable-secret' };
    const response = await callRoute(handler, route, { token: adminToken, body: input });
    expect(JSON.stringify(response.body)).not.toContain(input.password);
    expect(await tableDump()).not.toContain(input.password);
    const [user] = (await itemsOfType('user')).filter((u) => u.id === response.body.id);
    expect(user!.password_hash).toMatch(/^scrypt\$/);
  });

  const badBodies: [string, Record<string, unknown> | undefined, string | undefined, RegExp][] = [
    ['malformed JSON', undefined, '{"email": "kiwi@', /not valid JSON/],
    ['no body at all', undefined, undefined, /invalid body/],
    ['a missing field', { email: 'a@b.test', name: 'A', role: 'worker' }, undefined, /password/],
    [
      'an extra field',
      { ...valid(), admin: true },
      undefined,
      /request: unknown field\(s\) admin|unknown field\(s\) admin/,
    ],
    ['an unknown role', { ...valid(), role: 'overlord' }, undefined, /role: Invalid option/],
    [
      'a bad e-mail',
      { ...valid(), email: 'kiwi-at-uberpopug' },
      undefined,
      /email: must be an e-mail/,
    ],
    [
      'a password under 8 characters',
      { ...valid(), password: 'short12' },
      undefined,
      /password: must be at least 8/,
    ],
    ['an empty name', { ...valid(), name: '   ' }, undefined, /name: must not be empty/],
  ];

  it.each(badBodies)(
    'refuses %s with 400 and writes nothing',
    async (_, body, rawBody, message) => {
      const usersBefore = (await itemsOfType('user')).length;
      const guardsBefore = (await itemsOfType('email_guard')).length;
      const outbox = await outboxWatermark();

      const response = await callRoute(handler, route, { token: adminToken, body, rawBody });

      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
      expect(await itemsOfType('user')).toHaveLength(usersBefore);
      expect(await itemsOfType('email_guard')).toHaveLength(guardsBefore);
      expect(await outbox.newEvents()).toEqual([]);
    },
  );

  it.each(['manager', 'accountant', 'worker'] as const)(
    'refuses a %s with 403 and writes nothing',
    async (role) => {
      const { token } = sessions[role];
      const usersBefore = (await itemsOfType('user')).length;
      const response = await callRoute(handler, route, { token, body: valid() });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
      expect(await itemsOfType('user')).toHaveLength(usersBefore);
    },
  );

  it('refuses a caller without a token with 401', async () => {
    const response = await callRoute(handler, route, { body: valid() });
    expect(response.status).toBe(401);
  });
});
