import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { requiredEnv, TOKEN_AUDIENCE, tokenIssuer } from '../config';
import { unauthorized } from '../http/errors';
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

/** Verifies `Authorization: Bearer <jwt>` on its own: signature, alg, iss, aud, exp. */
export async function verifyBearer(authorization: string | undefined): Promise<Caller> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw unauthorized('send the token as "Authorization: Bearer <token>"');
  let payload: Record<string, unknown>;
  try {
    payload = await getVerifier().verify(match[1]!);
  } catch (error) {
    throw unauthorized(`the token was refused: ${(error as Error).message}`);
  }
  const claims = callerClaims.safeParse(payload);
  if (!claims.success) throw unauthorized('the token lacks the claims aTES needs');
  const { sub, role, email, name } = claims.data;
  return { id: sub, role, email, name };
}
