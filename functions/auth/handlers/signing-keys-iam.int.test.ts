import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callRoute } from '../../../test/support/http-event';
import { asFunction } from '../../../test/support/iam';
import { createTables } from '../../../test/support/tables';
import { DynamoSigningKeyStore } from '../store/signing-key-store';
import { authService } from '../service';
import { FIXTURE_PASSWORD, givenUser } from '../test-support/fixtures';
import { serveAuthJwks } from '../test-support/jwks-server';
import { handler as loginHandler } from './login';

/**
 * Auth's signing keys as AWS guards them: each function from a cold start (no key cached by a
 * login in the same process), held to its own IAM policy by the local cloud's IAM.
 */
describe('signing keys under each function s IAM policy', () => {
  let jwks: Awaited<ReturnType<typeof serveAuthJwks>>;
  beforeAll(async () => {
    await createTables();
    jwks = await serveAuthJwks();
  });
  afterAll(() => jwks.close());

  it('signs a new token from a cold start: its role may read the signing key', async () => {
    const user = await givenUser('worker');
    const login = await callRoute(loginHandler, authService.routes.login, {
      body: { email: user.email, password: FIXTURE_PASSWORD },
    });
    expect(login.status).toBe(200);

    // A fresh module graph: the refresh function's own process, whose key ring is empty.
    vi.resetModules();
    const { handler: coldRefresh } = await import('./refresh');
    const refreshed = await callRoute(coldRefresh, authService.routes.refresh, {
      token: login.body.token,
    });

    expect(refreshed.status).toBe(200);
    expect(decodeJwt(refreshed.body.token)).toMatchObject({ sub: user.id });
  });

  it('lets the JWKS function publish the public keys without reading a private one', async () => {
    vi.resetModules();
    const { handler: coldJwks } = await import('./jwks');
    const published = await callRoute(coldJwks, authService.routes.jwks);
    expect(published.status).toBe(200);
    expect(published.body.keys.length).toBeGreaterThan(0);
    for (const key of published.body.keys) expect(key).not.toHaveProperty('d');

    const store = new DynamoSigningKeyStore(process.env.AUTH_TABLE!);
    await expect(asFunction('ates-auth-jwks', () => store.all())).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('with an explicit deny'),
    });
    expect((await asFunction('ates-auth-jwks', () => store.publicKeys())).length).toBe(
      published.body.keys.length,
    );
  });
});
