import { httpHandler } from '#shared/http/handler';
import { updateUser } from '../use-cases/update-user';
import { updateUserInput } from '../domain/validation';
import { authService } from '../service';
import { authDeps } from '../wiring';
import { idParams } from '#shared/http/params';

/** PATCH /auth/users/{id} (admin) `{name?, role?}`: `200 user`. */
export const handler = httpHandler(
  authService.routes.updateUser,
  { body: updateUserInput, params: idParams('a user') },
  async ({ body, params, caller, correlationId }) => ({
    status: 200,
    body: await updateUser(authDeps(), caller, params.id, body, { correlationId }),
  }),
);
