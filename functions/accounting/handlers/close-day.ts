import * as z from 'zod';
import { accountingService } from '../service';
import { requestClose } from '../use-cases/request-close';
import { accountingDeps, accountingHttpHandler } from '../wiring';
import { dateField } from './schemas';

const body = z.strictObject({ date: dateField.optional() }).optional();

/** POST /accounting/close-day {date?} · admin · 202 {date, status}, 400 bad date, 403, 422 future date. */
export const handler = accountingHttpHandler(
  accountingService.routes.closeDay,
  { body },
  async ({ body, caller, correlationId }) => {
    const close = await requestClose(
      accountingDeps(),
      { date: body?.date, requestedBy: caller.id },
      { correlationId },
    );
    return {
      status: 202,
      body: { date: close.date, status: close.status },
      headers: { location: `/accounting/closes/${close.date}` },
    };
  },
);
