import { publicHttpHandler } from '#shared/http/public-handler';
import { login } from '../use-cases/login';
import { loginInput } from '../domain/validation';
import { authService } from '../service';
import { authDeps } from '../wiring';

/**
 * POST /auth/login · public · 200 `{token, user}`; 401 bad credentials; 429 `too_many_requests`
 * (Retry-After) while the e-mail is locked out, when too many arrive at once or the table is
 * throttled; 503 `timed_out` if it still runs out of time. Never cached: it carries a token.
 */
export const handler = publicHttpHandler(
  authService.routes.login,
  { body: loginInput },
  async ({ body, correlationId }) => ({
    status: 200,
    body: await login(authDeps(), body, { correlationId }),
    headers: { 'cache-control': 'no-store' },
  }),
);
