import { httpHandler } from '#shared/http/handler';
import { createUser } from '../use-cases/create-user';
import { createUserInput } from '../domain/validation';
import { authService } from '../service';
import { authDeps } from '../wiring';

/** POST /auth/users (admin): `201 user`; 409 when the e-mail (any case) is taken. */
export const handler = httpHandler(
  authService.routes.createUser,
  { body: createUserInput },
  async ({ body, correlationId }) => ({
    status: 201,
    body: await createUser(authDeps(), body, { correlationId }),
  }),
);
