import * as z from '#events/zod';
import { accountingService } from '../service';
import { readManagementEarnings } from '../use-cases/read-management-earnings';
import { accountingDeps, accountingHttp } from '../wiring';
import { dateField } from './schemas';

const query = z.strictObject({ from: z.optional(dateField), to: z.optional(dateField) });

/** GET /accounting/dashboard?from=&to= · admin, accountant · 200, 400 bad or reversed or >366-day range, 403. */
export const handler = accountingHttp(
  accountingService.routes.dashboard,
  { query },
  async ({ query }) => ({
    status: 200,
    body: await readManagementEarnings(accountingDeps(), query),
  }),
);
