import { defineEvent } from '../contract';
import { accountMovement } from './movement';

export const accountPaidV1 = defineEvent({
  name: 'account.paid',
  version: 1,
  producer: 'accounting',
  // The mailer takes the close's page-sized `accounting.payout_mails_requested` instead.
  consumers: ['logger'],
  description:
    "The day's positive balance was paid out and the balance reset to zero (amount_cents is negative: money left the account).",
  schema: accountMovement,
});
