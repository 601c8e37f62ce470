import { httpHandler } from '../../shared/http/handler';
import { updateUser } from '../domain/use-cases/update-user';
import { updateUserInput } from '../domain/validation';
import { authService } from '../service';
import { authDeps } from '../wiring';
import { userIdParams } from './user-id-params';

/** PATCH /auth/users/{id} (admin) `{name?, role?}`: `200 user`. */
export const handler = httpHandler(
  authService.routes.updateUser,
  { body: updateUserInput, params: userIdParams },
  async ({ body, params, caller, correlationId }) => ({
    status: 200,
    body: await updateUser(authDeps(), caller, params.id, body, { correlationId }),
  }),
);
