import * as z from '#events/zod';
import { cursorField } from '#shared/page-cursor';
import { businessDateField } from '#shared/validation';

/** A business date in a query, path or body: the one shared field (its range is documented there). */
export const dateField = businessDateField;

export const dayQuery = z.strictObject({
  date: z.optional(dateField),
  cursor: z.optional(cursorField),
});
