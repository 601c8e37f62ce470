import * as z from '#events/zod';
import { cursorField } from '#shared/page-cursor';
import { listUsers } from '../use-cases/read-users';
import { authService } from '../service';
import { authDepsWithoutSigning, authHttp } from '../wiring';

const listQuery = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 100),
  cursor: z.optional(cursorField),
});

/** GET /auth/users?limit=&cursor= · admin · 200 `{users, next_cursor?}` by e-mail; 400 for a cursor we did not issue. */
export const handler = authHttp(
  authService.routes.listUsers,
  { query: listQuery },
  async ({ query }) => ({
    status: 200,
    body: await listUsers(authDepsWithoutSigning(), query),
  }),
);
