import * as z from 'zod';
import { cursorField } from '#shared/page-cursor';
import { accountingService } from '../service';
import { listCloses } from '../use-cases/list-closes';
import { accountingDeps, accountingHttp } from '../wiring';
import { dateField } from './schemas';

const query = z.strictObject({
  /** Closes dated this day or earlier; `to=D&limit=1` answers "is D closed?" with a 200. */
  to: dateField.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: cursorField.optional(),
});

/** GET /accounting/closes?to=&limit=&cursor= · admin, accountant · 200 page; 400 query; 403. */
export const handler = accountingHttp(
  accountingService.routes.listCloses,
  { query },
  async ({ query }) => ({ status: 200, body: await listCloses(accountingDeps(), query) }),
);
