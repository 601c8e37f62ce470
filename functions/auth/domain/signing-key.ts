import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export const TOKEN_ALGORITHM = 'ES256';

/**
 * One ES256 key pair. Keys are numbered: generation 1 is created on first use, rotation writes
 * generation n+1. The newest active generation signs; every active one is published in the
 * JWKS so tokens signed by the previous key stay valid until they expire.
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

/** The published key set: public halves only, of every key that may still verify a token. */
export const jwksOf = (keys: readonly PublicKey[]) => ({
  keys: keys
    .filter((key) => key.status === 'active')
    .map(({ publicJwk: { kty, crv, x, y, kid, alg, use } }) => ({ kty, crv, x, y, kid, alg, use })),
});

/** The key new tokens are signed with: the newest active generation. */
export function signingKeyOf(keys: readonly SigningKey[]): SigningKey | undefined {
  return keys
    .filter((key) => key.status === 'active')
    .reduce<SigningKey | undefined>(
      (newest, key) => (!newest || key.generation > newest.generation ? key : newest),
      undefined,
    );
}
