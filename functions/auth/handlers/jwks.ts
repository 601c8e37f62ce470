import { publicHttpHandler } from '#shared/http/public-handler';
import { JWKS_MAX_AGE_SECONDS } from '../domain/signing-key';
import { authService } from '../service';
import { authDeps } from '../wiring';

/**
 * GET /auth/.well-known/jwks.json: the public keys, for every domain's token verifier.
 * Cacheable for five minutes, the same as the key ring's own cache: a new key is published
 * longer than both together before it signs (KEY_PUBLICATION_LEAD_MS).
 */
export const handler = publicHttpHandler(authService.routes.jwks, {}, async () => ({
  status: 200,
  body: await authDeps().keyRing.jwks(),
  headers: { 'cache-control': `public, max-age=${JWKS_MAX_AGE_SECONDS}` },
}));
