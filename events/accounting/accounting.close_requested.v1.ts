import * as z from '../zod';
import { defineEvent } from '../contract';
import { businessDate, publicId, timestamp } from '../fields';

/**
 * Internal to Accounting: the close of one business day was asked for (by the midnight schedule
 * or the admin's button). Accounting's own consumer counts the accounts and fans the work out,
 * so neither the schedule nor the HTTP request does the work itself.
 */
export const closeRequestedV1 = defineEvent({
  name: 'accounting.close_requested',
  version: 1,
  producer: 'accounting',
  consumers: ['accounting'],
  description: 'Internal: the close of a business day was requested; the fan-out starts from it.',
  schema: z.object({
    date: businessDate,
    /** The admin who pressed the button; null for the midnight schedule. */
    requested_by: z.nullable(publicId),
    requested_at: timestamp,
  }),
});
