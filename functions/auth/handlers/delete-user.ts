import { httpHandler } from '#shared/http/handler';
import { deactivateUser } from '../use-cases/deactivate-user';
import { authService } from '../service';
import { authDeps } from '../wiring';
import { idParams } from '#shared/http/params';

/** DELETE /auth/users/{id} (admin): deactivates; `200 user` with `active: false`. */
export const handler = httpHandler(
  authService.routes.deleteUser,
  { params: idParams('a user') },
  async ({ params, caller, correlationId }) => ({
    status: 200,
    body: await deactivateUser(authDeps(), caller, params.id, { correlationId }),
  }),
);
