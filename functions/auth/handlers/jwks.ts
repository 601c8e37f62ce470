import { publicHttpHandler } from '#shared/http/public-handler';
import { authService } from '../service';
import { authDeps } from '../wiring';

/**
 * GET /auth/.well-known/jwks.json: the public keys, for every domain's token verifier.
 * Cacheable for five minutes, the same as the key ring's own cache, so a rotated key is
 * published well before any verifier needs it.
 */
export const handler = publicHttpHandler(authService.routes.jwks, {}, async () => ({
  status: 200,
  body: await authDeps().keyRing.jwks(),
  headers: { 'cache-control': 'public, max-age=300' },
}));
