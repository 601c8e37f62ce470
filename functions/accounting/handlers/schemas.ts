import * as z from 'zod';
import { isBusinessDate } from '#shared/time/business-day';

/** A business date in a query, path or body: `YYYY-MM-DD`, a real calendar day. */
export const dateField = z
  .string()
  .refine(isBusinessDate, 'must be a date written YYYY-MM-DD (a real calendar day)');

export const dayQuery = z.strictObject({
  date: dateField.optional(),
  cursor: z.string().min(1).optional(),
});
