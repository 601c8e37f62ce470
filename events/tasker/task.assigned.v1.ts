import * as z from '../zod';
import { defineEvent } from '../contract';
import { publicId, timestamp } from '../fields';

export const taskAssignedV1 = defineEvent({
  name: 'task.assigned',
  version: 1,
  producer: 'tasker',
  consumers: ['accounting'],
  description:
    'A task was given to an employee, on creation or by a reshuffle. Each assignment has its own id; every one costs the assignee the fee.',
  schema: z.object({
    id: publicId,
    user_id: publicId,
    assignment_id: publicId,
    /** 1 for the assignment at creation, then 2, 3, ... for each reshuffle. */
    assignment_seq: z.number().check(z.int(), z.positive()),
    assigned_at: timestamp,
  }),
});
