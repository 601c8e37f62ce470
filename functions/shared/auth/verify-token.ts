import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { requiredEnv, TOKEN_AUDIENCE, tokenIssuer } from '../config';
import { unauthorized } from '../http/errors';
import { logger } from '../logger';
import { racePause } from '../time/pause';
import { callerClaims, type Caller } from './caller';

/** Tries of one JWKS fetch: a throttled (429) or failing (5xx) answer is tried again. */
export const JWKS_FETCH_ATTEMPTS = 4;

/** An answer worth asking again for: the stage throttled us, or the API or Auth failed. */
const isTemporary = (status: number) => status === 429 || status >= 500;

/**
 * aws-jwt-verify's own fetcher insists on https; this one takes whatever the configured JWKS URL
 * says (https in AWS, http on the local cloud) and hands back the ArrayBuffer the cache expects.
 * Every cold start fetches the JWKS through the public API, so a burst of cold starts after a
 * deploy can meet the stage's throttle: a 429 or 5xx is retried with jittered backoff (about
 * 1.5 s in all) instead of refusing the caller's token.
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
let verifier: Verifier | undefined;

/** Built on first use from ATES_JWKS_URL; the JWKS is cached and refetched for an unknown `kid`. */
function getVerifier(): Verifier {
  verifier ??= JwtVerifier.create(
    { issuer: tokenIssuer(), audience: TOKEN_AUDIENCE, jwksUri: requiredEnv('ATES_JWKS_URL') },
    { jwksCache: new SimpleJwksCache({ fetcher: jwksFetcher }) },
  ) as unknown as Verifier;
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

/** Verifies `Authorization: Bearer <jwt>` on its own: signature, alg, iss, aud, exp, iat, crit. */
export async function verifyBearer(authorization: string | undefined): Promise<Caller> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw unauthorized('send the token as "Authorization: Bearer <token>"');
  const token = match[1]!;
  let payload: Record<string, unknown>;
  try {
    payload = await getVerifier().verify(token);
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
