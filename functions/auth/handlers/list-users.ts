import * as z from 'zod';
import { cursorField } from '#shared/page-cursor';
import { listUsers } from '../use-cases/read-users';
import { authService } from '../service';
import { authDeps, authHttp } from '../wiring';

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(100),
  cursor: cursorField.optional(),
});

/** GET /auth/users?limit=&cursor= · admin · 200 `{users, next_cursor?}` by e-mail; 400 for a cursor we did not issue. */
export const handler = authHttp(
  authService.routes.listUsers,
  { query: listQuery },
  async ({ query }) => ({
    status: 200,
    body: await listUsers(authDeps(), query),
  }),
);
