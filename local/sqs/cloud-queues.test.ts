import { describe, expect, it, vi } from 'vitest';
import { probeService } from '../../test/fixtures/probe-service';
import { DeadLetterStore } from './dead-letters';
import { HandlerLoader } from '../lambda/handler-loader';
import { silentLog } from '../cloud/log';
import { consumerTimingOf, createQueues } from './cloud-queues';

/** A consumer whose every batch waits until the test lets it go, counting those in flight. */
class HeldBatches extends HandlerLoader {
  inFlight = 0;
  most = 0;
  private readonly waiting: (() => void)[] = [];

  constructor() {
    super('.');
  }

  override async invoke() {
    this.most = Math.max(this.most, ++this.inFlight);
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight -= 1;
  }

  releaseAll() {
    this.waiting.splice(0).forEach((release) => release());
  }
}

describe('the queues the cloud creates', () => {
  const context = {
    region: 'us-east-1',
    handlers: new HandlerLoader('.'),
    deadLetters: new DeadLetterStore(),
    log: silentLog,
  };

  it('take the function timeout and a visibility timeout of six times it from the declaration, as infra does', () => {
    expect(consumerTimingOf(probeService)).toEqual({
      timeoutMs: 10_000,
      visibilityTimeoutMs: 60_000,
    });
    const slow = { ...probeService, consumer: { ...probeService.consumer, timeoutSeconds: 30 } };
    expect(consumerTimingOf(slow)).toEqual({ timeoutMs: 30_000, visibilityTimeoutMs: 180_000 });
    const sized = { ...probeService, sizing: { consumer: { timeoutSeconds: 20 } } };
    expect(consumerTimingOf(sized)).toEqual({ timeoutMs: 20_000, visibilityTimeoutMs: 120_000 });

    const queue = createQueues([slow], context).get('probe')!;
    expect(queue.options).toMatchObject({
      batchSize: 10,
      maxReceiveCount: 3,
      timeoutMs: 30_000,
      visibilityTimeoutMs: 180_000,
      maxConcurrency: probeService.consumer.maxConcurrency,
    });
  });

  it('never run more batches of a consumer at once than its declaration lets the deployed mapping run', async () => {
    const handlers = new HeldBatches();
    const atTwo = { ...probeService, consumer: { ...probeService.consumer, maxConcurrency: 2 } };
    const queue = createQueues([atTwo], { ...context, handlers }).get('probe')!;
    queue.start();
    // Five batches' worth waiting: a queue that could run more would start a third at once.
    for (let i = 0; i < 50; i++) queue.send(`m${i}`);
    await vi.waitFor(() => expect(handlers.inFlight).toBe(2));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(handlers.most).toBe(2);
    expect(queue.batchesInFlight).toBe(2);

    // Each batch let go makes room for exactly one more, until the queue is empty.
    await vi.waitFor(
      () => {
        handlers.releaseAll();
        expect(queue.idle).toBe(true);
      },
      { timeout: 10_000 },
    );
    expect(handlers.most).toBe(2);
    await queue.stop();
  });

  it('refuse a maximum concurrency AWS would refuse (2 to 1,000), as the deploy would', () => {
    for (const maxConcurrency of [1, 1001, 2.5]) {
      const refused = { ...probeService, consumer: { ...probeService.consumer, maxConcurrency } };
      expect(() => createQueues([refused], context)).toThrow(
        `probe's consumer declares maxConcurrency ${maxConcurrency}: an SQS event source mapping takes a whole number from 2 to 1000`,
      );
    }
  });
});
