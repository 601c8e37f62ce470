import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { TOKEN_AUDIENCE, tokenIssuer } from '#shared/config';
import type { Role } from '#events';

export interface TestUser {
  id: string;
  role: Role;
  email: string;
  name: string;
  /** The user's revision the token says it was issued at (`rev`); 1 unless a test says. */
  revision?: number;
}

export const testUser = (role: Role, overrides: Partial<TestUser> = {}): TestUser => {
  const id = overrides.id ?? randomUUID();
  return {
    id,
    role,
    email: `${role}-${id.slice(0, 8)}@uberpopug.test`,
    name: `Test ${role}`,
    ...overrides,
  };
};

/**
 * For tests of domains other than Auth: an ES256 key pair whose JWKS is served over HTTP, as
 * Auth serves it, and ATES_JWKS_URL pointed at it, so handlers verify tokens the real way.
 * Call it before the first request of the file (the verifier reads the URL once).
 */
export async function startTestIssuer() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.ATES_JWKS_URL = `http://127.0.0.1:${port}/auth/.well-known/jwks.json`;

  async function tokenFor(user: TestUser, expiresIn: string | number = '1h') {
    return new SignJWT({
      role: user.role,
      email: user.email,
      name: user.name,
      rev: user.revision ?? 1,
      auth_time: Math.floor(Date.now() / 1000),
    })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject(user.id)
      .setIssuer(tokenIssuer())
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(privateKey);
  }

  return {
    tokenFor,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
