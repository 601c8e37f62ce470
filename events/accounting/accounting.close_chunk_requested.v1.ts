import * as z from '../zod';
import { defineEvent } from '../contract';
import { businessDate } from '../fields';

/**
 * Internal to Accounting: pay out the next chunk of accounts of one lane (an account shard) of a
 * running close. Each chunk requests the one after it, so 100,000 accounts are many short
 * invocations, the lanes running side by side.
 */
export const closeChunkRequestedV1 = defineEvent({
  name: 'accounting.close_chunk_requested',
  version: 1,
  producer: 'accounting',
  consumers: ['accounting'],
  description: 'Internal: pay out the next chunk of accounts of one lane of a running daily close.',
  schema: z.object({
    date: businessDate,
    /** The account shard this chain of chunks walks. */
    lane: z.number().check(z.int(), z.nonnegative()),
    /** 1 for the first chunk of the lane. */
    chunk: z.number().check(z.int(), z.positive()),
    /** The last account id the previous chunk of this lane saw; null for the first chunk. */
    after: z.nullable(z.string().check(z.minLength(1))),
  }),
});
