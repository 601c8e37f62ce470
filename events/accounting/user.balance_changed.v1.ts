import * as z from 'zod';
import { defineEvent } from '../contract';
import { cents, publicId, timestamp } from '../fields';

export const userBalanceChangedV1 = defineEvent({
  name: 'user.balance_changed',
  version: 1,
  producer: 'accounting',
  consumers: ['analytics'],
  description: "An employee's balance changed; `revision` orders the changes of one account.",
  schema: z.object({
    id: publicId,
    balance_cents: cents,
    revision: z.number().int().positive(),
    changed_at: timestamp,
  }),
});
