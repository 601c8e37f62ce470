import * as z from 'zod';
import { defineEvent } from '../contract';
import { publicId, timestamp } from '../fields';

/** The seed's "task.apprised": prices are set once, when a task first reaches Accounting. */
export const taskPricedV1 = defineEvent({
  name: 'task.priced',
  version: 1,
  producer: 'accounting',
  consumers: ['tasker', 'analytics'],
  description: 'Accounting set the assignment fee and completion reward of a task, in cents.',
  schema: z.object({
    id: publicId,
    fee_cents: z.number().int().min(1000).max(2000),
    reward_cents: z.number().int().min(2000).max(4000),
    priced_at: timestamp,
  }),
});
