import * as z from '../zod';
import { defineEvent } from '../contract';
import { publicId, timestamp } from '../fields';

export const taskCompletedV1 = defineEvent({
  name: 'task.completed',
  version: 1,
  producer: 'tasker',
  consumers: ['accounting'],
  description: 'The assignee marked the task completed; they earn its reward.',
  schema: z.object({ id: publicId, user_id: publicId, completed_at: timestamp }),
});
