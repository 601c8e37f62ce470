import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenIssuer, TOKEN_AUDIENCE } from '../config';
import { JWKS_FETCH_ATTEMPTS, verifyBearer } from './verify-token';

/**
 * A cold start's first JWKS fetch meets the API stage's throttle (429) or a failing Auth (503):
 * the verifier asks again rather than refusing the caller's token.
 */
describe('the token verifier at a cold start behind a throttled API', () => {
  const answers: number[] = [];
  let failuresToGo = 0;
  let close: () => void;
  let token: string;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const server = createServer((_req, res) => {
      const status = failuresToGo-- > 0 ? (answers.length % 2 === 0 ? 429 : 503) : 200;
      answers.push(status);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? JSON.stringify({ keys: [jwk] }) : '{"message":"Too Many Requests"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.ATES_JWKS_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    close = () => server.close();
    const now = Math.floor(Date.now() / 1000);
    token = await new SignJWT({
      role: 'worker',
      email: 'a@b.test',
      name: 'A',
      rev: 1,
      auth_time: now,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('7d1f1f5e-8a4e-4f4e-9a57-0d0f7a1b9c11')
      .setIssuer(tokenIssuer())
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(privateKey);
  });
  afterAll(() => close());

  it('accepts the token after a 429 and a 503 from the JWKS route', async () => {
    failuresToGo = JWKS_FETCH_ATTEMPTS - 1;
    await expect(verifyBearer(`Bearer ${token}`)).resolves.toMatchObject({ role: 'worker' });
    expect(answers).toEqual([429, 503, 429, 200]);
  });
});
