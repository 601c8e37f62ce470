import { defineEvent } from '../contract';
import { accountMovement } from './movement';

export const accountPaidV1 = defineEvent({
  name: 'account.paid',
  version: 1,
  producer: 'accounting',
  // Analytics moves the closed day's end balance with it (business_date is the closed day, not
  // the day the close ran). The mailer takes the close's page-sized
  // `accounting.payout_mails_requested` instead.
  consumers: ['analytics'],
  // `balance_cents` is, as in every movement, the balance after it: since the close pays only
  // the days up to the one it closes, later days' money may stay on it (it used to be zero).
  description:
    "The unpaid money of its business_date and earlier was paid out (amount_cents is negative: money left the account); balance_cents is the balance after it, which holds any later days' movements.",
  schema: accountMovement,
});
