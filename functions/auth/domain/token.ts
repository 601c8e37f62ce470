import { importJWK, SignJWT } from 'jose';
import { TOKEN_ALGORITHM, type SigningKey } from './signing-key';
import type { User } from './user';

export interface TokenSettings {
  issuer: string;
  audience: string;
  /** How long one access token lives: the longest a revoked token works where no replica has heard yet. */
  ttlSeconds: number;
  /** How long refreshing may go on after the password was checked: then sign in again. */
  maxSessionSeconds: number;
}

/**
 * The bearer token every domain accepts: who (`sub`, `email`, `name`), what they may do
 * (`role`), at which revision of the user that was true (`rev`: a domain that knows the user at
 * that revision or later refuses the token once the user is inactive or re-roled), since when
 * signed in (`auth_time`), who says so (`iss`), for whom (`aud`) and until when (`exp`).
 */
export async function issueToken(
  user: User,
  key: SigningKey,
  settings: TokenSettings,
  now: Date,
  signedInAt: number = Math.floor(now.getTime() / 1000),
): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, TOKEN_ALGORITHM);
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    role: user.role,
    email: user.email,
    name: user.name,
    rev: user.revision,
    auth_time: signedInAt,
  })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + settings.ttlSeconds)
    .sign(privateKey);
}
