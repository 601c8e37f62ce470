import { httpHandler } from '#shared/http/handler';
import { getUser } from '../use-cases/read-users';
import { authService } from '../service';
import { authDeps } from '../wiring';

/**
 * GET /auth/me: the caller's account as stored now (a token issued before a rename or
 * deactivation still says the old thing until it expires; this says the truth).
 */
export const handler = httpHandler(authService.routes.me, {}, async ({ caller }) => ({
  status: 200,
  body: await getUser(authDeps(), caller.id),
}));
