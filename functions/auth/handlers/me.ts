import { getUser } from '../use-cases/read-users';
import { authService } from '../service';
import { authDepsWithoutSigning, authHttp } from '../wiring';

/**
 * GET /auth/me · signed in · 200 the caller's account as stored now; 401 once the account is
 * deactivated or re-roled (the token is revoked).
 */
export const handler = authHttp(authService.routes.me, {}, async ({ caller }) => ({
  status: 200,
  body: await getUser(authDepsWithoutSigning(), caller.id),
}));
