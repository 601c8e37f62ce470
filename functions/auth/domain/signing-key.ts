import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { DataOf } from '#events';
import type { signingKeyPublishedV1 } from '#events/auth/auth.signing_key.published.v1';

export const TOKEN_ALGORITHM = 'ES256';

/** The key ring's cache, and the JWKS function's: a process rereads the keys this often. */
export const KEY_CACHE_MS = 5 * 60 * 1000;
/** What the JWKS answer tells any HTTP cache between it and a verifier (`max-age`). */
export const JWKS_MAX_AGE_SECONDS = 300;

/**
 * A new key is published this long before it signs. A verifier that meets an unknown `kid`
 * refetches the JWKS (aws-jwt-verify does, once per unknown kid), but what it gets back may be
 * as old as the JWKS function's cache plus any HTTP cache honouring `max-age`: 10 minutes.
 * Signing only after 15 keeps every verifier's next fetch holding the key before a token needs it.
 */
export const KEY_PUBLICATION_LEAD_MS = 15 * 60 * 1000;

/**
 * One ES256 key pair. Keys are numbered: generation 1 is created on first use, rotation writes
 * generation n+1. Every active generation is published in the JWKS at once, so tokens signed by
 * the previous key stay valid until they expire; the newest one published for
 * KEY_PUBLICATION_LEAD_MS signs.
 */
export interface SigningKey {
  generation: number;
  /** RFC 7638 thumbprint of the public key: stable, and unique per key. */
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
  status: 'active' | 'retired';
  created_at: string;
}

/** A key's public half: what verifiers may see, stored apart from the private half. */
export type PublicKey = Omit<SigningKey, 'privateJwk'>;

export async function newSigningKey(generation: number, now: Date): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    generation,
    kid,
    publicJwk: { ...publicJwk, kid, alg: TOKEN_ALGORITHM, use: 'sig' },
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: TOKEN_ALGORITHM },
    status: 'active',
    created_at: now.toISOString(),
  };
}

/** A key's public JWK, with exactly the members a verifier needs (no private member can slip in). */
const publishedJwkOf = ({ publicJwk: { kty, crv, x, y, kid, alg, use } }: PublicKey) => ({
  kty,
  crv,
  x,
  y,
  kid,
  alg,
  use,
});

/** The published key set: public halves only, of every key that may still verify a token. */
export const jwksOf = (keys: readonly PublicKey[]) => ({
  keys: keys.filter((key) => key.status === 'active').map(publishedJwkOf),
});

/**
 * The event that hands a key's public half to every domain's key replica, written with the key
 * itself: when it is created (KEY_PUBLICATION_LEAD_MS before it signs) and when it is retired.
 * The contract validates the JWK's members when the outbox row is built.
 */
export const keyPublishedEventOf = (key: PublicKey): DataOf<typeof signingKeyPublishedV1> => ({
  kid: key.kid,
  generation: key.generation,
  jwk: publishedJwkOf(key) as DataOf<typeof signingKeyPublishedV1>['jwk'],
  status: key.status,
  published_at: key.created_at,
  signs_from: new Date(Date.parse(key.created_at) + KEY_PUBLICATION_LEAD_MS).toISOString(),
});

/**
 * The key new tokens are signed with at `now`: the newest active generation that has been
 * published for KEY_PUBLICATION_LEAD_MS. When none has (the first key of a new table, or every
 * older key retired), the oldest active one: no verifier can know a key that was never
 * published, so there is nothing better to sign with.
 */
export function signingKeyOf(keys: readonly SigningKey[], now: Date): SigningKey | undefined {
  const active = keys
    .filter((key) => key.status === 'active')
    .sort((a, b) => a.generation - b.generation);
  const published = active.filter(
    (key) => Date.parse(key.created_at) + KEY_PUBLICATION_LEAD_MS <= now.getTime(),
  );
  return published.at(-1) ?? active[0];
}
