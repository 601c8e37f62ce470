import * as z from '../zod';
import { defineEvent } from '../contract';
import { publicId, timestamp } from '../fields';

/**
 * Internal to Tasker: a manager pressed "reshuffle". Tasker's own consumer picks it up and
 * starts the job when no other reshuffle is running, so the HTTP request never does the work.
 */
export const shuffleRequestedV1 = defineEvent({
  name: 'tasker.shuffle_requested',
  version: 1,
  producer: 'tasker',
  consumers: ['tasker'],
  description:
    'Internal: a reshuffle job was queued. Tasker starts it when no other reshuffle is running.',
  schema: z.object({
    job_id: publicId,
    requested_by: publicId,
    requested_at: timestamp,
  }),
});
