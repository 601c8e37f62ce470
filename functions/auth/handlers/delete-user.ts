import { idParams } from '#shared/http/params';
import { deactivateUser } from '../use-cases/deactivate-user';
import { authService } from '../service';
import { authDepsWithoutSigning, authHttp } from '../wiring';

/** DELETE /auth/users/{id} · admin · 200 user (`active: false`); 403 caller no longer an admin; 409 last admin. */
export const handler = authHttp(
  authService.routes.deleteUser,
  { params: idParams('a user') },
  async ({ params, caller, correlationId }) => ({
    status: 200,
    body: await deactivateUser(authDepsWithoutSigning(), caller, params.id, { correlationId }),
  }),
);
