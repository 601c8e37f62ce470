import * as z from 'zod';
import { PERIODS } from '../domain/period';

/**
 * The query strings of Analytics' routes, strict: an unknown parameter is refused (400
 * `validation_failed` naming it) rather than ignored. A date is checked as a calendar date by
 * the use case (400 `invalid_date`, Analytics' documented code); here it is only bounded.
 */
const dateText = z.string().max(64, 'must be at most 64 characters');

export const dashboardQuery = z.strictObject({ date: dateText.optional() });

export const mostExpensiveQuery = z.strictObject({
  from: dateText.optional(),
  to: dateText.optional(),
  period: z.enum(PERIODS).optional(),
  date: dateText.optional(),
});
