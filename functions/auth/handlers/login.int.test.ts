import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { authService } from '../service';
import { FIXTURE_PASSWORD, givenUser } from '../test-support/fixtures';
import { serveAuthJwks } from '../test-support/jwks-server';
import { outboxWatermark, tableDump } from '../test-support/table-contents';
import { handler } from './login';
import { handler as meHandler } from './me';

const route = authService.routes.login;
const signIn = (email: string, password: string) =>
  callRoute(handler, route, { body: { email, password } });

describe('POST /auth/login', () => {
  let jwks: Awaited<ReturnType<typeof serveAuthJwks>>;
  beforeAll(async () => {
    await createTables();
    jwks = await serveAuthJwks();
  });
  afterAll(() => jwks.close());

  it('answers 200 {token, user} and publishes exactly one user.authorized', async () => {
    const user = await givenUser('manager', { name: 'Major Popug' });
    const outbox = await outboxWatermark();

    const response = await signIn(user.email, FIXTURE_PASSWORD);

    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['token', 'user']);
    expect(response.body.user).toEqual(user);
    const all = await outbox.newEvents();
    // The first sign-in on a new table also creates the signing key, and publishes its public half.
    const events = all.filter((event) => event.detailType !== 'auth.signing_key.published');
    expect(all.length - events.length).toBeLessThanOrEqual(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'ates.auth',
      detailType: 'user.authorized',
      metadata: { event_name: 'user.authorized', event_version: 1 },
      data: { id: user.id, role: 'manager' },
    });
    const raw = JSON.stringify(all);
    expect(raw).not.toContain(response.body.token);
    expect(raw).not.toContain(FIXTURE_PASSWORD);
    expect(await tableDump()).not.toContain(FIXTURE_PASSWORD);
  });

  it('issues an ES256 token with the claims every domain reads, valid for ten minutes', async () => {
    const user = await givenUser('accountant', { name: 'Ada Popug' });
    const { token } = (await signIn(user.email, FIXTURE_PASSWORD)).body;

    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    expect(decodeProtectedHeader(token).kid).toEqual(expect.any(String));
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: user.id,
      role: 'accountant',
      email: user.email,
      name: 'Ada Popug',
      iss: 'ates-auth',
      aud: 'ates',
    });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(claims).toMatchObject({ rev: 1, auth_time: claims.iat });

    // ...and the shared verifier accepts it through the published JWKS.
    const me = await callRoute(meHandler, authService.routes.me, { token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(user);
  });

  it.each([
    ['malformed JSON', { rawBody: '{"email":' }, /not valid JSON/],
    ['a missing password', { body: { email: 'a@b.test' } }, /password/],
    ['an extra field', { body: { email: 'a@b.test', password: 'x', otp: '1' } }, /otp/],
    ['no body', {}, /invalid body/],
  ])('refuses %s with 400 and publishes nothing', async (_, options, message) => {
    const outbox = await outboxWatermark();
    const response = await callRoute(handler, route, options);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(await outbox.newEvents()).toEqual([]);
  });

  describe('lockout', () => {
    it('after 5 failures in 15 minutes answers 429, even to the right password, one user.denied each', async () => {
      const user = await givenUser('worker');
      const outbox = await outboxWatermark();

      for (let i = 0; i < 5; i++) expect((await signIn(user.email, `guess-${i}`)).status).toBe(401);
      const locked = await signIn(user.email, FIXTURE_PASSWORD);
      const lockedAgain = await signIn(user.email.toUpperCase(), 'guess-6');

      expect(locked.status).toBe(429);
      expect(locked.body.error).toEqual({
        code: 'too_many_requests',
        message: 'too many failed sign-ins for this e-mail; try again in 15 minute(s)',
      });
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(lockedAgain.status).toBe(429);

      const events = await outbox.newEvents();
      expect(events).toHaveLength(7);
      expect(events.every((e) => e.detailType === 'user.denied')).toBe(true);
      expect(events.map((e) => e.data.reason)).toEqual([
        ...Array(5).fill('bad_credentials'),
        'locked_out',
        'locked_out',
      ]);
    });
  });
});
