import * as z from '#events/zod';
import { accountingService } from '../service';
import { requestClose } from '../use-cases/request-close';
import { accountingDeps, accountingHttp } from '../wiring';
import { dateField } from './schemas';

const body = z.optional(z.strictObject({ date: z.optional(dateField) }));

/**
 * POST /accounting/close-day {date?} · admin · 202 {date, status, covered_by: null} (the close
 * runs), 200 {…, covered_by} (a later close already paid the day), 400 bad date, 403,
 * 422 day_not_over / beyond_archive / before_first_movement.
 */
export const handler = accountingHttp(
  accountingService.routes.closeDay,
  { body },
  async ({ body, caller, correlationId }) => {
    const close = await requestClose(
      accountingDeps(),
      { date: body?.date, requestedBy: caller.id },
      { correlationId },
    );
    return {
      status: close.covered_by === null ? 202 : 200,
      body: { date: close.date, status: close.status, covered_by: close.covered_by },
      headers: { location: `/accounting/closes/${close.covered_by ?? close.date}` },
    };
  },
);
