import { accountingService } from '../service';
import { readAccountDay } from '../use-cases/read-account-day';
import { accountingDeps, accountingHttp } from '../wiring';
import { dayQuery } from './schemas';

/** GET /accounting/me?date=&cursor= · any signed-in user · 200, 400 bad date or cursor. */
export const handler = accountingHttp(
  accountingService.routes.me,
  { query: dayQuery },
  async ({ caller, query }) => ({
    status: 200,
    body: await readAccountDay(accountingDeps(), caller.id, query, { mustExist: false }),
  }),
);
