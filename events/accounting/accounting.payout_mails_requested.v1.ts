import * as z from '../zod';
import { defineEvent } from '../contract';
import { businessDate, publicId } from '../fields';

/** A page of the close holds at most this many accounts, so a request lists at most this many. */
export const MAX_PAYOUT_MAILS_PER_REQUEST = 100;

/**
 * Internal to Accounting: e-mail the payouts one page of a close made. One message per page of
 * up to 100 accounts rather than one per `account.paid`: the mailer then reads, reserves and
 * confirms the page's e-mails in a few batched requests instead of five requests per e-mail.
 */
export const payoutMailsRequestedV1 = defineEvent({
  name: 'accounting.payout_mails_requested',
  version: 1,
  producer: 'accounting',
  consumers: ['accounting'],
  description: 'Internal: e-mail each employee of one page of a daily close their payout.',
  schema: z.object({
    date: businessDate,
    payouts: z
      .array(
        z.object({
          user_id: publicId,
          /** What was paid out, positive (the `account.paid` of it carries it negative). */
          amount_cents: z.number().check(z.int(), z.positive()),
        }),
      )
      .check(
        z.minLength(1),
        z.maxLength(MAX_PAYOUT_MAILS_PER_REQUEST),
        // One transaction reserves the page's e-mails, and it may not name an item twice.
        z.refine(
          (payouts) => new Set(payouts.map((payout) => payout.user_id)).size === payouts.length,
          'each account is listed once',
        ),
      ),
  }),
});
