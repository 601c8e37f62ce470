import * as z from '../zod';
import { defineEvent } from '../contract';
import { publicId } from '../fields';

/**
 * Internal to Tasker: reassign the next chunk of open tasks of a running reshuffle. Each chunk
 * requests the one after it, so 10,000 tasks are many short invocations instead of one long one.
 */
export const shuffleChunkRequestedV1 = defineEvent({
  name: 'tasker.shuffle_chunk_requested',
  version: 1,
  producer: 'tasker',
  consumers: ['tasker'],
  description: 'Internal: reassign the next chunk of open tasks of a running reshuffle job.',
  schema: z.object({
    job_id: publicId,
    /** 1 for the first chunk of the job. */
    chunk: z.number().check(z.int(), z.positive()),
    /** Sort key of the last open task the previous chunk saw; null for the first chunk. */
    after: z.nullable(z.string().check(z.minLength(1))),
  }),
});
