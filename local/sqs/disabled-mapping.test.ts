import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { DeadLetterStore } from './dead-letters';
import { silentLog } from '../cloud/log';
import { settle } from '../cloud/settle';
import { LocalBus } from '../eventbridge/local-bus';
import { LocalQueue } from './local-queue';
import { PROBE_QUEUE } from './probe-queue';

/** A started queue of batches of 2, one at a time, recording the bodies of each batch. */
function queueWith(consume: (event: SQSEvent) => Promise<void> = async () => {}) {
  const batches: string[][] = [];
  const queue = new LocalQueue({
    ...PROBE_QUEUE,
    consume: async (event) => {
      batches.push(event.Records.map((r) => r.body));
      return consume(event);
    },
    deadLetters: new DeadLetterStore(),
    log: silentLog,
  });
  queue.start();
  return { queue, batches };
}

// vi.waitFor's default second is too short on a loaded machine; these bound waits, not figures.
const WAIT = { timeout: 10_000 };
/** Long enough for an enabled queue to have received (it does within a few ms). */
const pause = () => new Promise((r) => setTimeout(r, 100));

describe('a disabled event source mapping (UpdateEventSourceMapping Enabled: false)', () => {
  it('receives nothing while messages arrive; enabled again, it delivers every one once', async () => {
    const { queue, batches } = queueWith();
    queue.disable();
    ['a', 'b', 'c', 'd', 'e'].forEach((body) => queue.send(body));
    await pause();
    expect(batches).toEqual([]);
    expect(queue.depth).toBe(5);
    expect(queue.quiet).toBe(true);

    queue.enable();
    await vi.waitFor(() => expect(queue.idle).toBe(true), WAIT);
    expect(batches.flat().sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(queue.deletedMessages).toBe(5);
  });

  it('lets the batch in flight finish and receives no other until enabled', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { queue, batches } = queueWith(() => gate);
    ['a', 'b', 'c', 'd'].forEach((body) => queue.send(body));
    await vi.waitFor(() => expect(queue.batchesInFlight).toBe(1), WAIT);
    queue.disable();
    expect(queue.quiet).toBe(false); // a batch still runs
    release();
    await vi.waitFor(() => expect(queue.batchesInFlight).toBe(0), WAIT);
    await pause();
    expect(batches).toEqual([['a', 'b']]);
    expect(queue.depth).toBe(2); // the finished batch was deleted, the rest held

    queue.enable();
    await vi.waitFor(() => expect(queue.idle).toBe(true), WAIT);
    expect(batches).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('lets the cloud settle with its messages held, and not before they are all done once enabled', async () => {
    const { queue, batches } = queueWith();
    const bus = new LocalBus([], new Map());
    queue.disable();
    ['a', 'b', 'c'].forEach((body) => queue.send(body));
    await settle([], [queue], bus, 5_000);
    expect(batches).toEqual([]);

    queue.enable();
    await settle([], [queue], bus, 5_000);
    expect(queue.idle).toBe(true);
    expect(batches.flat()).toEqual(['a', 'b', 'c']);
  });
});
