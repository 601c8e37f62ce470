import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tokenIssuer, TOKEN_AUDIENCE } from '#shared/config';
import { verifyBearer } from '#shared/auth/verify-token';
import { createTables } from '../../test/support/tables';
import { KeyRing } from './domain/key-ring';
import { issueToken } from './domain/token';
import { DynamoSigningKeyStore } from './store/signing-key-store';
import { makeTaskerConsumer } from '../tasker/handlers/on-event';
import { taskerSigningKeys } from '../tasker/wiring';
import { serveAuthJwks } from './test-support/jwks-server';
import { deliverAs, keyEvents } from './test-support/key-events';

const MINUTE = 60_000;
const start = new Date('2026-12-01T09:00:00Z').getTime();
const settings = {
  issuer: tokenIssuer(),
  audience: TOKEN_AUDIENCE,
  ttlSeconds: 600,
  maxSessionSeconds: 3600,
};
const user = {
  id: '0b8f3f0e-2c53-4d57-9d0e-8a3b7d7f6e21',
  email: 'rotation@uberpopug.test',
  name: 'Rota',
  role: 'worker' as const,
  active: true,
  revision: 1,
  created_at: new Date(start).toISOString(),
  updated_at: new Date(start).toISOString(),
};

/**
 * Three processes, three caches: login's key ring (signs), the JWKS function's key ring (what
 * verifiers fetch, through the real route) and another domain's verifier (aws-jwt-verify,
 * refetching on an unknown kid); and Tasker's verifier, from its own copy of the keys. Their
 * caches were filled at different minutes, as warm Lambdas' are; an operator rotates while
 * tokens are signed and verified every minute.
 */
describe('key rotation while tokens are being verified', () => {
  let jwks: Awaited<ReturnType<typeof serveAuthJwks>>;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    await createTables();
    jwks = await serveAuthJwks();
  });
  afterAll(async () => {
    vi.useRealTimers();
    await jwks.close();
  });

  it('refuses no token, before, during or after the new key takes over', async () => {
    const ring = () =>
      new KeyRing(new DynamoSigningKeyStore(process.env.AUTH_TABLE!), () => new Date());
    const login = ring();
    const signAndVerify = async () => {
      const token = await issueToken(user, await login.signingKey(), settings, new Date());
      const outcome = await Promise.all([
        verifyBearer(`Bearer ${token}`),
        verifyBearer(`Bearer ${token}`, taskerSigningKeys()),
      ]).then(
        () => 'accepted',
        () => `refused at minute ${(Date.now() - start) / MINUTE}`,
      );
      return { kid: decodeProtectedHeader(token).kid, outcome };
    };

    const firstToken = await issueToken(user, await login.signingKey(), settings, new Date());
    // Tasker's copy of the keys hears of each key a minute after it is made (the bus's lag).
    const tasker = makeTaskerConsumer();
    const hearOf = async (key: string) =>
      expect(await deliverAs('tasker', tasker, (await keyEvents()).get(key)!)).toEqual([]);
    vi.setSystemTime(start + MINUTE);
    await hearOf('1:active');
    vi.setSystemTime(start + 2 * MINUTE); // the JWKS function's cache fills later than login's
    await expect(verifyBearer(`Bearer ${firstToken}`)).resolves.toMatchObject({ id: user.id });

    vi.setSystemTime(start + 3 * MINUTE);
    await ring().rotate();

    const results = [];
    for (let minute = 3; minute <= 40; minute++) {
      vi.setSystemTime(start + minute * MINUTE);
      if (minute === 4) await hearOf('2:active');
      results.push(await signAndVerify());
    }
    expect(results.map((r) => r.outcome).filter((o) => o !== 'accepted')).toEqual([]);
    // The rotation did happen: the run ends signing with the new key.
    expect(new Set(results.map((r) => r.kid)).size).toBe(2);
    expect(results.at(-1)!.kid).not.toBe(decodeProtectedHeader(firstToken).kid);
  });
});
