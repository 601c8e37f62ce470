import * as z from '#events/zod';
import { accountingService } from '../service';
import { closeStatus } from '../use-cases/close-status';
import { accountingDeps, accountingHttp } from '../wiring';
import { dateField } from './schemas';

const params = z.strictObject({ date: dateField });

/** GET /accounting/closes/{date} · admin, accountant · 200, 400 bad date, 403, 404 never closed. */
export const handler = accountingHttp(
  accountingService.routes.closeStatus,
  { params },
  async ({ params }) => ({ status: 200, body: await closeStatus(accountingDeps(), params.date) }),
);
