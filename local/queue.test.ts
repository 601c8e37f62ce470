import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { DeadLetterStore } from './dead-letters';
import { silentLog } from './log';
import { LocalQueue } from './queue';

function queueWith(consume: (event: SQSEvent) => Promise<SQSBatchResponse | void>) {
  const deadLetters = new DeadLetterStore();
  const batches: Array<Array<{ body: string; receives: string }>> = [];
  const queue = new LocalQueue({
    domain: 'probe',
    queueArn: 'arn:aws:sqs:us-east-1:000000000000:ates-probe-events',
    batchSize: 2,
    maxReceiveCount: 3,
    visibilityTimeoutMs: 5,
    consume: async (event) => {
      batches.push(
        event.Records.map((r) => ({
          body: r.body,
          receives: r.attributes.ApproximateReceiveCount,
        })),
      );
      return consume(event);
    },
    deadLetters,
    log: silentLog,
  });
  const settled = () => vi.waitFor(() => expect(queue.idle).toBe(true));
  return { queue, deadLetters, batches, settled };
}

describe('local queue', () => {
  it('delivers in batches of batchSize, one batch at a time, as SQS records', async () => {
    let inFlight = 0;
    const { queue, batches, settled } = queueWith(async (event) => {
      expect(++inFlight).toBe(1);
      expect(event.Records[0]).toMatchObject({
        eventSource: 'aws:sqs',
        receiptHandle: expect.any(String),
      });
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
    });
    ['a', 'b', 'c'].forEach((body) => queue.send(body));
    await settled();
    expect(batches.map((b) => b.map((r) => r.body))).toEqual([['a', 'b'], ['c']]);
  });

  it('redelivers only the records reported in batchItemFailures', async () => {
    let failB = true;
    const { queue, batches, settled } = queueWith(async (event) => {
      const b = event.Records.find((r) => r.body === 'b');
      if (failB && b) {
        failB = false;
        return { batchItemFailures: [{ itemIdentifier: b.messageId }] };
      }
      return { batchItemFailures: [] };
    });
    queue.send('a');
    queue.send('b');
    await settled();
    expect(batches).toEqual([
      [
        { body: 'a', receives: '1' },
        { body: 'b', receives: '1' },
      ],
      [{ body: 'b', receives: '2' }],
    ]);
  });

  it('moves a message to the dead-letter store after maxReceiveCount receives, with its error', async () => {
    const { queue, deadLetters, batches, settled } = queueWith(async () => {
      throw new Error('consumer is broken');
    });
    queue.send('poison', 'm-1');
    await settled();
    expect(batches).toHaveLength(3);
    expect(deadLetters.list()).toEqual([
      expect.objectContaining({
        id: 'm-1',
        domain: 'probe',
        body: 'poison',
        receiveCount: 3,
        error: 'Error: consumer is broken',
      }),
    ]);
  });

  it('fails the whole batch when batchItemFailures names a message it does not have', async () => {
    let calls = 0;
    const { queue, batches, settled } = queueWith(async () =>
      ++calls === 1 ? { batchItemFailures: [{ itemIdentifier: 'nobody' }] } : undefined,
    );
    queue.send('a');
    await settled();
    expect(batches.map((b) => b[0]?.receives)).toEqual(['1', '2']);
  });
});
