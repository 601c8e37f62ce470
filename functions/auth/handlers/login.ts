import { publicHttpHandler } from '#shared/http/public-handler';
import { login } from '../use-cases/login';
import { loginInput } from '../domain/validation';
import { authService } from '../service';
import { authDeps } from '../wiring';

/**
 * POST /auth/login · public · 200 `{token, user}`; 401 bad credentials; 429 (Retry-After) while
 * the e-mail is locked out; 503 when too many arrive at once. Never cached: it carries a token.
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
