import { importJWK, SignJWT } from 'jose';
import { TOKEN_ALGORITHM, type SigningKey } from './signing-key';
import type { User } from './user';

export interface TokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/**
 * The bearer token every domain accepts: who (`sub`, `email`, `name`), what they may do
 * (`role`), who says so (`iss`), for whom (`aud`) and until when (`exp`).
 */
export async function issueToken(
  user: User,
  key: SigningKey,
  settings: TokenSettings,
  now: Date,
): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, TOKEN_ALGORITHM);
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ role: user.role, email: user.email, name: user.name })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + settings.ttlSeconds)
    .sign(privateKey);
}
