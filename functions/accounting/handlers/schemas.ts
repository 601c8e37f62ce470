import * as z from 'zod';
import { cursorField } from '#shared/page-cursor';
import { businessDateField } from '#shared/validation';

/** A business date in a query, path or body: the one shared field (its range is documented there). */
export const dateField = businessDateField;

export const dayQuery = z.strictObject({
  date: dateField.optional(),
  cursor: cursorField.optional(),
});
