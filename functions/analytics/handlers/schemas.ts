import * as z from '#events/zod';
import { PERIODS } from '../domain/period';

/**
 * The query strings of Analytics' routes, strict: an unknown parameter is refused (400
 * `validation_failed` naming it) rather than ignored. A date is checked as a calendar date by
 * the use case (400 `invalid_date`, Analytics' documented code); here it is only bounded.
 */
const dateText = z.string().check(z.maxLength(64, 'must be at most 64 characters'));

export const dashboardQuery = z.strictObject({ date: z.optional(dateText) });

export const mostExpensiveQuery = z.strictObject({
  from: z.optional(dateText),
  to: z.optional(dateText),
  period: z.optional(z.enum(PERIODS)),
  date: z.optional(dateText),
});
