import * as z from '#events/zod';
import { cursorField } from '#shared/page-cursor';
import { accountingService } from '../service';
import { listCloses } from '../use-cases/list-closes';
import { accountingDeps, accountingHttp } from '../wiring';
import { dateField } from './schemas';

const query = z.strictObject({
  /** Closes dated this day or earlier; `to=D&limit=1` answers "is D closed?" with a 200. */
  to: z.optional(dateField),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 30),
  cursor: z.optional(cursorField),
});

/** GET /accounting/closes?to=&limit=&cursor= · admin, accountant · 200 page; 400 query; 403. */
export const handler = accountingHttp(
  accountingService.routes.listCloses,
  { query },
  async ({ query }) => ({ status: 200, body: await listCloses(accountingDeps(), query) }),
);
