import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { requiredEnv, TOKEN_AUDIENCE, tokenIssuer } from '../config';
import { unauthorized } from '../http/errors';
import { logger } from '../logger';
import { callerClaims, type Caller } from './caller';

/**
 * aws-jwt-verify's own fetcher insists on https; this one takes whatever the configured JWKS URL
 * says (https in AWS, http on the local cloud) and hands back the ArrayBuffer the cache expects.
 */
const jwksFetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`JWKS fetch from ${uri} answered ${response.status}`);
    return response.arrayBuffer();
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
