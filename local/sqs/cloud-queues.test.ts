import { describe, expect, it } from 'vitest';
import { probeService } from '../../test/fixtures/probe-service';
import { DeadLetterStore } from './dead-letters';
import { HandlerLoader } from '../lambda/handler-loader';
import { silentLog } from '../cloud/log';
import { consumerTimingOf, createQueues } from './cloud-queues';

describe('the queues the cloud creates', () => {
  const context = {
    region: 'us-east-1',
    handlers: new HandlerLoader('.'),
    deadLetters: new DeadLetterStore(),
    log: silentLog,
    maxConcurrency: 5,
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
      maxConcurrency: 5,
    });
  });
});
