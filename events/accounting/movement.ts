import * as z from '../zod';
import { businessDate, cents, publicId, timestamp } from '../fields';

/** One ledger movement on an employee's account. */
export const accountMovement = z.object({
  transaction_id: publicId,
  user_id: publicId,
  task_id: z.nullable(publicId),
  amount_cents: cents,
  balance_cents: cents,
  business_date: businessDate,
  at: timestamp,
});
