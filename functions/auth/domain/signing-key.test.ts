import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwksOf, KEY_PUBLICATION_LEAD_MS, newSigningKey, signingKeyOf } from './signing-key';
import { issueToken } from './token';

const now = new Date('2025-03-03T10:00:00Z');
const settings = {
  issuer: 'ates-auth',
  audience: 'ates',
  ttlSeconds: 600,
  maxSessionSeconds: 3600,
};
const user = {
  id: '6f1c1a0e-5d7b-4c53-9a3e-2b1f0c9d8e7a',
  email: 'kiwi@uberpopug.test',
  name: 'Kiwi',
  role: 'worker' as const,
  active: true,
  revision: 1,
  created_at: now.toISOString(),
  updated_at: now.toISOString(),
};

describe('signing keys and tokens', () => {
  it('publishes only the public half of active keys', async () => {
    const [first, second] = await Promise.all([newSigningKey(1, now), newSigningKey(2, now)]);
    const jwks = jwksOf([first, { ...second, status: 'retired' }]);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kid: first.kid, kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(JSON.stringify(jwks)).not.toContain(String(first.privateJwk.d));
  });

  it('signs with the newest active generation published for the lead', async () => {
    const keys = await Promise.all([1, 2, 3].map((g) => newSigningKey(g, now)));
    const later = new Date(now.getTime() + KEY_PUBLICATION_LEAD_MS);
    expect(signingKeyOf(keys, later)!.generation).toBe(3);
    expect(signingKeyOf([keys[0]!, { ...keys[2]!, status: 'retired' }], later)!.generation).toBe(1);
    expect(signingKeyOf([], later)).toBeUndefined();
  });

  it('keeps signing with the older key until a new one has been published for the lead', async () => {
    const old = await newSigningKey(1, new Date(now.getTime() - 86_400_000));
    const fresh = await newSigningKey(2, now);
    const justBefore = new Date(now.getTime() + KEY_PUBLICATION_LEAD_MS - 1);
    expect(signingKeyOf([old, fresh], justBefore)!.generation).toBe(1);
    expect(
      signingKeyOf([old, fresh], new Date(now.getTime() + KEY_PUBLICATION_LEAD_MS))!.generation,
    ).toBe(2);
    // A new table's first key has nothing older to defer to: it signs at once.
    expect(signingKeyOf([fresh], now)!.generation).toBe(2);
  });

  it('issues a token with sub, role, email, name, rev, auth_time, iss, aud and exp = iat + ttl', async () => {
    const key = await newSigningKey(1, now);
    const token = await issueToken(user, key, settings, now);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: key.kid, typ: 'JWT' });
    expect(decodeJwt(token)).toEqual({
      sub: user.id,
      role: 'worker',
      email: user.email,
      name: 'Kiwi',
      rev: user.revision,
      auth_time: now.getTime() / 1000,
      iss: 'ates-auth',
      aud: 'ates',
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 600,
    });
    const publicKey = await importJWK(key.publicJwk, 'ES256');
    await expect(
      jwtVerify(token, publicKey, { currentDate: now, audience: 'ates', issuer: 'ates-auth' }),
    ).resolves.toBeDefined();
  });
});
