import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { authService } from '../service';
import { FIXTURE_PASSWORD, givenUser } from '../test-support/fixtures';
import { serveAuthJwks } from '../test-support/jwks-server';
import { handler as loginHandler } from './login';

/**
 * POST /auth/refresh as AWS runs it: its own function, a cold start (no signing key cached by
 * a login in the same process), held to its own IAM policy by the local cloud's IAM.
 */
describe('POST /auth/refresh under its IAM policy', () => {
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
});
