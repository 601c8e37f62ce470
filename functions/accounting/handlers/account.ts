import * as z from '#events/zod';
import { accountingService } from '../service';
import { readAccountDay } from '../use-cases/read-account-day';
import { accountingDeps, accountingHttp } from '../wiring';
import { dayQuery } from './schemas';

const params = z.strictObject({ user_id: z.uuid('must be a user id (a UUID)') });

/** GET /accounting/accounts/{user_id}?date=&cursor= · admin, accountant · 200, 400, 403, 404. */
export const handler = accountingHttp(
  accountingService.routes.account,
  { query: dayQuery, params },
  async ({ params, query }) => ({
    status: 200,
    body: await readAccountDay(accountingDeps(), params.user_id, query, { mustExist: true }),
  }),
);
