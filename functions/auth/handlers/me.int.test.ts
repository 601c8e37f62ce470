// Long because GET /auth/me and POST /auth/refresh are checked against real, forged and stale tokens.
import { base64url, decodeJwt, generateKeyPair, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '#shared/logger';
import type { Context } from 'aws-lambda';
import { callRoute, httpEvent } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { deactivateUser } from '../use-cases/deactivate-user';
import { OPERATOR } from '../domain/actor';
import type { UserView } from '../domain/user';
import { JWKS_MAX_AGE_SECONDS } from '../domain/signing-key';
import { authService } from '../service';
import { givenUser, tokenOf } from '../test-support/fixtures';
import { serveAuthJwks } from '../test-support/jwks-server';
import { authDeps } from '../wiring';
import { handler as jwksHandler } from './jwks';
import { handler } from './me';

const route = authService.routes.me;
/** callRoute only sends `Bearer <token>`; these cases need the raw Authorization header. */
async function me(authorization?: string) {
  const event = httpEvent(route);
  event.headers = authorization === undefined ? {} : { authorization };
  return handler(event, {} as Context);
}

/** Signs arbitrary claims with Auth's own current private key, as a forger who had it would. */
async function signWithAuthKey(claims: Record<string, unknown>, expiresAt: number) {
  const key = await authDeps().keyRing.signingKey();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setExpirationTime(expiresAt)
    .setIssuedAt(expiresAt - 3600)
    .sign(await importJWK(key.privateJwk, 'ES256'));
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('GET /auth/me and the shared token verifier', () => {
  let jwks: Awaited<ReturnType<typeof serveAuthJwks>>;
  let user: UserView;
  let token: string;
  let claims: Record<string, unknown>;
  beforeAll(async () => {
    await createTables();
    jwks = await serveAuthJwks();
    user = await givenUser('worker', { name: 'Kiwi' });
    token = await tokenOf(user);
    claims = {
      sub: user.id,
      role: user.role,
      email: user.email,
      name: user.name,
      rev: 1,
      auth_time: Math.floor(Date.now() / 1000),
    };
  });
  afterAll(() => jwks.close());

  it('answers 200 with the signed-in user', async () => {
    const response = await callRoute(handler, route, { token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(user);
  });

  it('accepts a token it signed itself with the right claims (the control for the cases below)', async () => {
    const forged = await signWithAuthKey({ ...claims, iss: 'ates-auth', aud: 'ates' }, inAnHour());
    expect((await callRoute(handler, route, { token: forged })).status).toBe(200);
  });

  const refusals: [string, () => Promise<string | undefined>][] = [
    ['no Authorization header', async () => undefined],
    ['a scheme other than Bearer', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a malformed token', async () => 'Bearer not.a.jwt'],
    ['a token that is not even three parts', async () => 'Bearer abc'],
    [
      'alg: none',
      async () => {
        const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
        const payload = base64url.encode(
          JSON.stringify({ ...claims, iss: 'ates-auth', aud: 'ates', exp: inAnHour() }),
        );
        return `Bearer ${header}.${payload}.`;
      },
    ],
    [
      'alg: none carrying a leftover signature',
      async () => {
        const [, payload, signature] = token.split('.');
        const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
        return `Bearer ${header}.${payload}.${signature}`;
      },
    ],
    [
      'HS256 signed with the public key as the secret',
      async () => {
        const { keys } = (await callRoute(jwksHandler, authService.routes.jwks)).body;
        const secret = new TextEncoder().encode(JSON.stringify(keys[0]));
        const hs = await new SignJWT({ ...claims })
          .setProtectedHeader({ alg: 'HS256', kid: keys[0].kid })
          .setIssuer('ates-auth')
          .setAudience('ates')
          .setExpirationTime(inAnHour())
          .sign(secret);
        return `Bearer ${hs}`;
      },
    ],
    [
      'a wrong audience',
      async () =>
        `Bearer ${await signWithAuthKey({ ...claims, iss: 'ates-auth', aud: 'other' }, inAnHour())}`,
    ],
    [
      'a wrong issuer',
      async () =>
        `Bearer ${await signWithAuthKey({ ...claims, iss: 'evil-auth', aud: 'ates' }, inAnHour())}`,
    ],
    [
      'an expired token',
      async () =>
        `Bearer ${await signWithAuthKey(
          { ...claims, iss: 'ates-auth', aud: 'ates' },
          Math.floor(Date.now() / 1000) - 60,
        )}`,
    ],
    [
      'a payload edited after signing (worker -> admin)',
      async () => {
        const [header, , signature] = token.split('.');
        const edited = { ...decodeJwt(token), role: 'admin' };
        return `Bearer ${header}.${base64url.encode(JSON.stringify(edited))}.${signature}`;
      },
    ],
    [
      'a token signed by a key Auth never published',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        const stranger = await new SignJWT({ ...claims })
          .setProtectedHeader({ alg: 'ES256', kid: 'unknown-kid' })
          .setIssuer('ates-auth')
          .setAudience('ates')
          .setExpirationTime(inAnHour())
          .sign(privateKey);
        return `Bearer ${stranger}`;
      },
    ],
    [
      "Auth's kid on a stranger's signature",
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        const kid = (await authDeps().keyRing.signingKey()).kid;
        const stranger = await new SignJWT({ ...claims })
          .setProtectedHeader({ alg: 'ES256', kid })
          .setIssuer('ates-auth')
          .setAudience('ates')
          .setExpirationTime(inAnHour())
          .sign(privateKey);
        return `Bearer ${stranger}`;
      },
    ],
  ];

  it.each(refusals)('refuses %s with 401', async (_, authorization) => {
    const response = await me(await authorization());
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body as string).error.code).toBe('unauthorized');
  });

  describe('token claims policy', () => {
    const now = () => Math.floor(Date.now() / 1000);
    /** Signed with Auth's real key, so only the policy (not the signature) can refuse it. */
    async function signRaw(payload: Record<string, unknown>, header: Record<string, unknown> = {}) {
      const key = await authDeps().keyRing.signingKey();
      return new SignJWT({ ...claims, iss: 'ates-auth', aud: 'ates', ...payload })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid, ...header })
        .sign(await importJWK(key.privateJwk, 'ES256'), { crit: { 'urn:x-evil': true } });
    }
    const cases: [string, () => Promise<string>, RegExp][] = [
      ['no exp', () => signRaw({ iat: now() }), /exp/],
      [
        'an iat an hour in the future',
        () => signRaw({ iat: now() + 3600, exp: now() + 7200 }),
        /iat/,
      ],
      [
        'an unknown crit header',
        () =>
          signRaw(
            { iat: now(), exp: now() + 600, 'urn:x-evil': 1 },
            { crit: ['urn:x-evil'], 'urn:x-evil': 1 },
          ),
        /crit/,
      ],
      ['no rev claim', () => signRaw({ iat: now(), exp: now() + 600, rev: undefined }), /rev/],
    ];

    it('accepts the same token with exp, a past iat and no crit (the control)', async () => {
      const good = await signRaw({ iat: now() - 5, exp: now() + 600 });
      expect((await callRoute(handler, route, { token: good })).status).toBe(200);
    });

    it.each(cases)(
      'refuses a token with %s: 401 "the token was refused", the reason only in the log',
      async (_, token, reason) => {
        const logged = vi.spyOn(logger, 'info');
        const response = await callRoute(handler, route, { token: await token() });
        expect(response.status).toBe(401);
        expect(response.body.error).toEqual({
          code: 'unauthorized',
          message: 'the token was refused; sign in again',
        });
        expect(logged).toHaveBeenCalledWith(
          'token refused',
          expect.objectContaining({ reason: expect.stringMatching(reason) }),
        );
        logged.mockRestore();
      },
    );
  });

  it('refuses the token of a user deactivated since, at once (401 token_revoked)', async () => {
    const other = await givenUser('worker');
    const otherToken = await tokenOf(other);
    expect((await callRoute(handler, route, { token: otherToken })).status).toBe(200);
    await deactivateUser(authDeps(), OPERATOR, other.id, { correlationId: 't' });
    const response = await callRoute(handler, route, { token: otherToken });
    expect(response.status).toBe(401);
    expect(response.body.error).toEqual({
      code: 'token_revoked',
      message: 'the token was refused; sign in again',
    });
  });

  it('answers 404 for a valid token whose user Auth does not know', async () => {
    const ghost = await signWithAuthKey(
      { ...claims, sub: crypto.randomUUID(), iss: 'ates-auth', aud: 'ates' },
      inAnHour(),
    );
    expect((await callRoute(handler, route, { token: ghost })).status).toBe(404);
  });
});

describe('GET /auth/.well-known/jwks.json', () => {
  it('publishes public EC keys only, cacheable', async () => {
    const response = await callRoute(jwksHandler, authService.routes.jwks);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe(`public, max-age=${JWKS_MAX_AGE_SECONDS}`);
    expect(response.body.keys.length).toBeGreaterThanOrEqual(1);
    for (const key of response.body.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    }
  });
});
