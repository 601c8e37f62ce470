import * as z from 'zod';
import { httpHandler } from '#shared/http/handler';
import { listUsers } from '../use-cases/read-users';
import { authService } from '../service';
import { authDeps } from '../wiring';

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(100),
  cursor: z.string().min(1).optional(),
});

/** GET /auth/users?limit=&cursor= (admin): `{users, next_cursor?}`, ordered by e-mail. */
export const handler = httpHandler(
  authService.routes.listUsers,
  { query: listQuery },
  async ({ query }) => ({
    status: 200,
    body: await listUsers(authDeps(), query),
  }),
);
