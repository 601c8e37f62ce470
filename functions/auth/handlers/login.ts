import { httpHandler } from '../../shared/http/handler';
import { logger } from '../../shared/logger';
import { AuthError } from '../domain/errors';
import { login } from '../domain/use-cases/login';
import { loginInput } from '../domain/validation';
import { authService } from '../service';
import { authDeps } from '../wiring';
import { asHttpError } from './http-errors';

/**
 * POST /auth/login: `200 {token, user}`; 401 for bad credentials; 429 while the e-mail is
 * locked out. The 429 is answered here rather than thrown, because it carries a Retry-After
 * header and the shared error middleware renders only status and body.
 */
export const handler = httpHandler(
  authService.routes.login,
  { body: loginInput },
  async ({ body, correlationId }) => {
    try {
      return { status: 200, body: await login(authDeps(), body, { correlationId }) };
    } catch (error) {
      if (error instanceof AuthError && error.kind === 'locked_out') {
        logger.info('sign-in refused: locked out', { retry_after: error.retryAfterSeconds });
        return {
          status: 429,
          body: { error: { code: 'too_many_requests', message: error.message } },
          headers: { 'retry-after': String(error.retryAfterSeconds) },
        };
      }
      throw asHttpError(error);
    }
  },
);
