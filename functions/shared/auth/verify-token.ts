import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import { SimpleJwksCache, SimplePenaltyBox, type Jwks, type JwksCache } from 'aws-jwt-verify/jwk';
import { KidNotFoundInJwksError, WaitPeriodNotYetEndedJwkError } from 'aws-jwt-verify/error';
import { requiredEnv, TOKEN_AUDIENCE, tokenIssuer } from '../config';
import { unauthorized } from '../http/errors';
import { logger } from '../logger';
import { racePause } from '../time/pause';
import { callerClaims, type Caller } from './caller';
import type { PublishedKeys } from './published-keys';

/** Tries of one JWKS fetch: a throttled (429) or failing (5xx) answer is tried again. */
export const JWKS_FETCH_ATTEMPTS = 4;

/** An answer worth asking again for: the stage throttled us, or the API or Auth failed. */
const isTemporary = (status: number) => status === 429 || status >= 500;

/**
 * aws-jwt-verify's own fetcher insists on https; this one takes whatever the configured JWKS URL
 * says (https in AWS, http on the local cloud) and hands back the ArrayBuffer the cache expects.
 * Used only for a key the domain's own table does not hold (see OwnKeysFirst); through the
 * public API it can meet the stage's throttle: a 429 or 5xx is retried with jittered backoff
 * (about 1.5 s in all) instead of refusing the caller's token.
 */
const jwksFetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
      if (response.ok) return response.arrayBuffer();
      if (!isTemporary(response.status) || attempt === JWKS_FETCH_ATTEMPTS)
        throw new Error(`JWKS fetch from ${uri} answered ${response.status}`);
      await racePause(attempt, 200, 800);
    }
  },
};

type Verifier = { verify(token: string): Promise<Record<string, unknown>> };
type DecomposedJwt = Parameters<JwksCache['getJwk']>[1];

/**
 * After a key the domain's own copy does not hold, it is read again at most this often: an
 * unknown `kid` costs one Query a second per container, however many tokens carry it.
 */
export const KEY_REREAD_WAIT_SECONDS = 1;

/**
 * How long a verifier trusts the keys it read: after this it reads them again, so a retired key
 * stops verifying within it (the same as Auth's own key cache, KEY_CACHE_MS).
 */
export const KEYS_MAX_AGE_MS = 5 * 60 * 1000;

/**
 * The keys come from the domain's own table first: one Query at a cold start, kept for
 * KEYS_MAX_AGE_MS and read again sooner for a `kid` they lack (a key is published 15 minutes
 * before it signs, so the copy has it long before any token does). Only a `kid` the table does
 * not hold — a brand-new stack whose first key signs at once, or a key older than the
 * `auth.signing_key.published` events — is looked up in the JWKS through the public API, with
 * that fetch's retries and aws-jwt-verify's penalty box. A table that fails is also answered
 * from the JWKS, so one table's trouble does not refuse tokens.
 */
class OwnKeysFirst implements JwksCache {
  private caches = this.emptyCaches();
  private filledAt = Date.now();

  constructor(private readonly keys: PublishedKeys) {}

  async getJwk(jwksUri: string, jwt: DecomposedJwt) {
    if (Date.now() - this.filledAt >= KEYS_MAX_AGE_MS) {
      this.caches = this.emptyCaches();
      this.filledAt = Date.now();
    }
    const { own, published } = this.caches;
    try {
      return await own.getJwk(OWN_KEYS, jwt);
    } catch (error) {
      if (!(
        error instanceof KidNotFoundInJwksError || error instanceof WaitPeriodNotYetEndedJwkError
      ))
        logger.warn('own signing keys unreadable; using the JWKS', {
          error: (error as Error).message,
        });
      return published.getJwk(jwksUri, jwt);
    }
  }

  getCachedJwk(): never {
    throw new Error('verify asynchronously: the keys are read on demand');
  }

  addJwks(jwksUri: string, jwks: Jwks) {
    this.caches.published.addJwks(jwksUri, jwks);
  }

  getJwks(jwksUri: string) {
    return this.caches.published.getJwks(jwksUri);
  }

  /** Both caches start empty again: what either held may have been retired since. */
  private emptyCaches() {
    const own = new SimpleJwksCache({
      fetcher: {
        fetch: async () =>
          new TextEncoder().encode(JSON.stringify({ keys: await this.keys.publishedJwks() }))
            .buffer as ArrayBuffer,
      },
      penaltyBox: new SimplePenaltyBox({ waitSeconds: KEY_REREAD_WAIT_SECONDS }),
    });
    return { own, published: new SimpleJwksCache({ fetcher: jwksFetcher }) };
  }
}

/** The cache key of a domain's own keys in the library's cache (never fetched over HTTP). */
const OWN_KEYS = 'table:own-signing-keys';

const createVerifier = (jwksCache: JwksCache): Verifier =>
  JwtVerifier.create(
    { issuer: tokenIssuer(), audience: TOKEN_AUDIENCE, jwksUri: requiredEnv('ATES_JWKS_URL') },
    { jwksCache },
  ) as unknown as Verifier;

let jwksOnly: Verifier | undefined;
/** One verifier per key source: the local cloud runs every domain in one process. */
const verifiers = new WeakMap<PublishedKeys, Verifier>();

/**
 * Built on first use: from the domain's own keys when it has them, else from ATES_JWKS_URL alone
 * (the JWKS is cached and refetched for an unknown `kid`).
 */
function getVerifier(keys: PublishedKeys | undefined): Verifier {
  if (!keys) return (jwksOnly ??= createVerifier(new SimpleJwksCache({ fetcher: jwksFetcher })));
  let verifier = verifiers.get(keys);
  if (!verifier) verifiers.set(keys, (verifier = createVerifier(new OwnKeysFirst(keys))));
  return verifier;
}

/** Clocks of Auth and of the verifying function may differ by this much. */
const CLOCK_SKEW_SECONDS = 30;

/** The one thing a refused token's caller is told; why goes to the log, not to them. */
export const TOKEN_REFUSED = 'the token was refused; sign in again';

class TokenPolicyError extends Error {}

/**
 * What aTES demands beyond a valid signature, iss and aud (which the library checks): the token
 * says when it expires (a token without `exp` would be good forever), was not issued in the
 * future (a clock or a key gone wrong), and asks for no extension we do not implement (`crit`,
 * RFC 7515 §4.1.11: a verifier that does not understand one must refuse).
 */
function assertTokenPolicy(token: string, payload: Record<string, unknown>, now: number) {
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
  if (header.crit !== undefined)
    throw new TokenPolicyError(`unsupported crit header ${JSON.stringify(header.crit)}`);
  if (typeof payload.exp !== 'number') throw new TokenPolicyError('no exp claim');
  if (payload.exp <= now) throw new TokenPolicyError('expired');
  if (typeof payload.iat !== 'number') throw new TokenPolicyError('no iat claim');
  if (payload.iat > now + CLOCK_SKEW_SECONDS) throw new TokenPolicyError('iat is in the future');
}

/**
 * Verifies `Authorization: Bearer <jwt>` on its own: signature, alg, iss, aud, exp, iat, crit.
 * `keys`: the domain's own copy of Auth's public keys, read before the JWKS route is asked.
 */
export async function verifyBearer(
  authorization: string | undefined,
  keys?: PublishedKeys,
): Promise<Caller> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw unauthorized('send the token as "Authorization: Bearer <token>"');
  const token = match[1]!;
  let payload: Record<string, unknown>;
  try {
    payload = await getVerifier(keys).verify(token);
    assertTokenPolicy(token, payload, Math.floor(Date.now() / 1000));
  } catch (error) {
    logger.info('token refused', { reason: (error as Error).message });
    throw unauthorized(TOKEN_REFUSED);
  }
  const claims = callerClaims.safeParse(payload);
  if (!claims.success) {
    logger.info('token refused', { reason: `claims: ${claims.error.message}` });
    throw unauthorized(TOKEN_REFUSED);
  }
  const { sub, role, email, name, rev, auth_time } = claims.data;
  return { id: sub, role, email, name, revision: rev, authTime: auth_time };
}
