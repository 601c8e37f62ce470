import { createUser } from '../use-cases/create-user';
import { createUserInput } from '../domain/validation';
import { authService } from '../service';
import { authDepsWithoutSigning, authHttp } from '../wiring';

/** POST /auth/users · admin · 201 user; 403 when the caller is no longer an active admin; 409 e-mail taken. */
export const handler = authHttp(
  authService.routes.createUser,
  { body: createUserInput },
  async ({ body, caller, correlationId }) => ({
    status: 201,
    body: await createUser(authDepsWithoutSigning(), caller, body, { correlationId }),
  }),
);
