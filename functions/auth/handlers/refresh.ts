import { httpHandler } from '#shared/http/handler';
import { refreshToken } from '../use-cases/refresh-token';
import { authService } from '../service';
import { authDeps } from '../wiring';

/**
 * POST /auth/refresh · signed in · 200 `{token, user}` with the role as it is now; 401 once the
 * account is deactivated or the session is older than its limit. Plain `httpHandler`, not
 * Auth's: a re-roled user's token is refused everywhere else, but here it is traded for one
 * with the new role; the use case re-checks that the account is active.
 */
export const handler = httpHandler(authService.routes.refresh, {}, async ({ caller }) => ({
  status: 200,
  body: await refreshToken(authDeps(), caller),
  headers: { 'cache-control': 'no-store' },
}));
