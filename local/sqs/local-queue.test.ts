// Long because one queue's behaviours are proven side by side: batches, failures, visibility and its changes, restarts.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DeadLetterStore } from './dead-letters';
import { silentLog } from '../cloud/log';
import { LocalQueue, type QueueOptions, type SqsError } from './local-queue';
import { PROBE_QUEUE } from './probe-queue';
import { QueueFile } from './queue-file';

function queueWith(
  consume: (event: SQSEvent) => Promise<SQSBatchResponse | void>,
  overrides: Partial<QueueOptions> = {},
) {
  const deadLetters = new DeadLetterStore();
  const batches: Array<Array<{ body: string; receives: string }>> = [];
  const queue = new LocalQueue({
    ...PROBE_QUEUE,
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
    ...overrides,
  });
  queue.start();
  // vi.waitFor's default second is too short on a loaded machine; this bounds a wait, not a figure.
  const settled = () => vi.waitFor(() => expect(queue.idle).toBe(true), { timeout: 10_000 });
  return { queue, deadLetters, batches, settled };
}

describe('local queue', () => {
  it('delivers in batches of batchSize, one batch at a time at concurrency 1, as SQS records', async () => {
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

  it('keeps up to maxConcurrency batches in flight at once, as the event source mapping does', async () => {
    let inFlight = 0;
    let most = 0;
    const { queue, batches, settled } = queueWith(
      async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 40));
        inFlight -= 1;
      },
      { maxConcurrency: 3 },
    );
    for (let i = 0; i < 8; i++) queue.send(`m${i}`);
    expect(queue.batchesInFlight).toBe(0); // delivery is asynchronous
    await settled();
    expect(most).toBe(3);
    expect(
      batches
        .flat()
        .map((r) => r.body)
        .sort(),
    ).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
  });

  it('fails a batch whose invocation runs past the function timeout; it counts toward maxReceiveCount', async () => {
    const { queue, deadLetters, batches, settled } = queueWith(
      () => new Promise<void>(() => undefined), // never answers, like a hung handler
      { timeoutMs: 20 },
    );
    queue.send('slow', 'm-slow');
    await settled();
    expect(batches.map((b) => b[0]?.receives)).toEqual(['1', '2', '3']);
    expect(queue.failedReceives).toBe(3);
    expect(deadLetters.list()).toEqual([
      expect.objectContaining({
        id: 'm-slow',
        receiveCount: 3,
        error: 'TaskTimedOutError: Task timed out after 0.02 seconds',
      }),
    ]);
  });

  it('hands a failed message out again when the visibility timeout has passed since its receive', async () => {
    const receivedAt: number[] = [];
    const { queue, settled } = queueWith(
      async () => {
        receivedAt.push(Date.now());
        if (receivedAt.length === 1) {
          await new Promise((r) => setTimeout(r, 300));
          throw new Error('first try fails late');
        }
      },
      { visibilityTimeoutMs: 400 },
    );
    queue.send('a');
    await settled();
    expect(receivedAt).toHaveLength(2);
    expect(queue.failedReceives).toBe(1);
    const gap = receivedAt[1]! - receivedAt[0]!;
    // SQS counts the visibility timeout from the receive (400 ms), not from the failure (700 ms).
    // The first time is taken inside the consumer, a few ms after the receive on a loaded
    // machine (seen: 387 ms at load average 14), hence the slack below 400.
    expect(gap).toBeGreaterThanOrEqual(350);
    expect(gap).toBeLessThan(650);
  });

  it('keeps messages in flight across a hard stop when persisted, and delivers them after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ates-queue-'));
    try {
      const file = new QueueFile(join(dir, 'queues', 'probe.json'));
      const first = queueWith(() => new Promise<void>(() => undefined), { file });
      first.queue.send('job-chunk', 'm-job');
      await vi.waitFor(() => expect(first.batches).toHaveLength(1), { timeout: 10_000 });
      await first.queue.stop({ hard: true }); // the process dies mid-batch

      const second = queueWith(async () => undefined, { file });
      await second.settled();
      expect(second.batches).toEqual([[{ body: 'job-chunk', receives: '2' }]]);
      expect(new QueueFile(file.path).load()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a queue journal whose last line a crash cut short', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ates-queue-'));
    try {
      const file = new QueueFile(join(dir, 'probe.json'));
      const message = { id: 'm-1', body: 'b', receiveCount: 1, sentAt: 1, visibleAt: 2 };
      file.put(message);
      file.put({ ...message, id: 'm-2' });
      file.delete('m-2');
      appendFileSync(file.path, '{"put":{"id":"m-3","bo');
      expect(file.load()).toEqual([message]);
      expect(new QueueFile(file.path).load()).toEqual([message]); // written back compacted
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changes a message visibility by SQS rules: its latest receipt handle, in flight, at most 12 hours', async () => {
    const handles: string[] = [];
    const { queue, settled } = queueWith(
      async (event) => {
        const record = event.Records[0]!;
        handles.push(record.receiptHandle);
        if (handles.length > 1) return;
        const refused = (handle: string, seconds: number) => {
          try {
            queue.changeVisibility(handle, seconds);
          } catch (error) {
            return (error as SqsError).code;
          }
          return 'accepted';
        };
        expect(refused(record.receiptHandle, 43_201)).toBe('InvalidParameterValue');
        expect(refused(record.receiptHandle, -1)).toBe('InvalidParameterValue');
        expect(refused('not-a-handle', 0)).toBe('ReceiptHandleIsInvalid');
        expect(refused(record.receiptHandle, 43_000)).toBe('accepted'); // within 12 h of its receive
        expect(refused(record.receiptHandle, 0)).toBe('accepted'); // handed back at once
        throw new Error('failed, and handed back');
      },
      { visibilityTimeoutMs: 3_600_000 },
    );
    queue.send('a');
    await settled();
    // Back at once instead of after its hour, counted as a failed receive but no timeout waited.
    expect(handles).toHaveLength(2);
    expect(queue.failedReceives).toBe(1);
    expect(queue.visibilityTimeoutsWaited).toBe(0);
    // The first receive's handle is stale now, and the message is gone.
    expect(() => queue.changeVisibility(handles[0]!, 10)).toThrow(
      expect.objectContaining({ code: 'ReceiptHandleIsInvalid' }),
    );
  });

  it('refuses a change for a message no longer in flight, and counts a visibility timeout waited out', async () => {
    let handle = '';
    const { queue, settled } = queueWith(
      async (event) => {
        if (handle) return;
        handle = event.Records[0]!.receiptHandle;
        throw new Error('fails, not handed back');
      },
      { visibilityTimeoutMs: 50 },
    );
    queue.send('a');
    await vi.waitFor(() => expect(handle).not.toBe(''), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    // Visible again (its 50 ms passed) but not yet received: no longer in flight.
    const code = (() => {
      try {
        queue.changeVisibility(handle, 10);
        return 'accepted';
      } catch (error) {
        return (error as SqsError).code;
      }
    })();
    expect(['MessageNotInflight', 'ReceiptHandleIsInvalid']).toContain(code);
    await settled();
    expect(queue.visibilityTimeoutsWaited).toBe(1);
  });
});
