import * as z from '../zod';
import { defineEvent } from '../contract';
import { publicId, timestamp } from '../fields';

/** The seed's "task.apprised": prices are set once, when a task first reaches Accounting. */
export const taskPricedV1 = defineEvent({
  name: 'task.priced',
  version: 1,
  producer: 'accounting',
  consumers: ['tasker'],
  description: 'Accounting set the assignment fee and completion reward of a task, in cents.',
  schema: z.object({
    id: publicId,
    fee_cents: z.number().check(z.int(), z.gte(1000), z.lte(2000)),
    reward_cents: z.number().check(z.int(), z.gte(2000), z.lte(4000)),
    priced_at: timestamp,
  }),
});
