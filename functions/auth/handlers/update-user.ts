import { idParams } from '#shared/http/params';
import { updateUser } from '../use-cases/update-user';
import { updateUserInput } from '../domain/validation';
import { authService } from '../service';
import { authDepsWithoutSigning, authHttp } from '../wiring';

/** PATCH /auth/users/{id} `{name?, role?, active?: true}` · admin · 200 user; 403 caller revoked; 409 stale, inactive or last admin. */
export const handler = authHttp(
  authService.routes.updateUser,
  { body: updateUserInput, params: idParams('a user') },
  async ({ body, params, caller, correlationId }) => ({
    status: 200,
    body: await updateUser(authDepsWithoutSigning(), caller, params.id, body, { correlationId }),
  }),
);
