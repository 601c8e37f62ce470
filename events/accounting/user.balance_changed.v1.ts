import * as z from '../zod';
import { defineEvent } from '../contract';
import { cents, publicId, timestamp } from '../fields';

export const userBalanceChangedV1 = defineEvent({
  name: 'user.balance_changed',
  version: 1,
  producer: 'accounting',
  // Analytics used to keep day balances from it; a running balance in the order Accounting
  // applied the movements, stamped with when rather than which business day, cannot say what a
  // day ended at. Analytics adds up the dated movements instead. With no consumer left, it is no
  // longer published (issue 25: an outbox row per movement that nobody read); the contract stays
  // so an archived one can still be read and replayed. A consumer that needs it again publishes it
  // again first.
  consumers: [],
  description:
    "An employee's balance changed; `revision` orders the changes of one account. Not published since issue 25 (no consumer): `account.fined`, `account.rewarded` and `account.paid` carry the balance after each movement.",
  schema: z.object({
    id: publicId,
    balance_cents: cents,
    revision: z.number().check(z.int(), z.positive()),
    changed_at: timestamp,
  }),
});
