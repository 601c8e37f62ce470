import { httpHandler } from '#shared/http/handler';
import { login } from '../use-cases/login';
import { loginInput } from '../domain/validation';
import { authService } from '../service';
import { authDeps } from '../wiring';

/** POST /auth/login: `200 {token, user}`; 401 for bad credentials; 429 (with Retry-After) while the e-mail is locked out. */
export const handler = httpHandler(
  authService.routes.login,
  { body: loginInput },
  async ({ body, correlationId }) => ({
    status: 200,
    body: await login(authDeps(), body, { correlationId }),
  }),
);
