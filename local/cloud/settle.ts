import { realNow } from '../clock/business-clock';
import type { LocalBus } from '../eventbridge/local-bus';
import type { LocalQueue } from '../sqs/local-queue';
import type { StreamPoller } from '../dynamodb-streams/stream-poller';

/**
 * Resolves once every stream is relayed and every queue is empty (dead letters aside) —
 * including the events the consumers themselves published on the way. A queue whose mapping is
 * disabled counts once its running batches are done: its held messages wait for `enable()`.
 */
export async function settle(
  pollers: readonly StreamPoller[],
  queues: readonly LocalQueue[],
  bus: LocalBus,
  timeoutMs = 15_000,
) {
  const deadline = realNow() + timeoutMs;
  for (;;) {
    const since = realNow();
    // A round that starts now sees every write made so far, whoever made it (a test's own).
    for (const poller of pollers) poller.wake();
    const published = bus.stats.published;
    const idleAtStart = bus.idle && queues.every((q) => q.quiet);
    while (!(
      pollers.every((p) => p.drainedAt >= since) &&
      bus.idle &&
      queues.every((q) => q.quiet)
    )) {
      if (realNow() > deadline) {
        const busy = queues.filter((q) => !q.quiet).map((q) => `${q.domain} (${q.depth})`);
        throw new Error(
          `the local cloud did not settle within ${timeoutMs} ms; busy queues: ${busy.join(', ') || 'none'}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    // Settled only if nothing was running when we started looking and nothing was published since.
    if (idleAtStart && bus.stats.published === published) return;
  }
}
