import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { sqsEventOf } from './events';
import type { OutboxEvent, outboxStreamReader } from './outbox';

type Consumer = (event: SQSEvent) => Promise<SQSBatchResponse>;
type Reader = Awaited<ReturnType<typeof outboxStreamReader>>;

const isInternal = (event: OutboxEvent) =>
  event.source === 'ates.tasker' && event.detailType.startsWith('tasker.');

/**
 * Plays the bus for Tasker's own internal events: reads what the outbox produced, delivers the
 * `tasker.*` events to the consumer in SQS batches of 10, and repeats until no new internal event
 * appears (the reshuffle chain has ended). Returns every outbox event seen on the way.
 */
export async function deliverInternalEvents(
  consumer: Consumer,
  reader: Reader,
  options: { afterEachRound?: () => Promise<void>; maxRounds?: number } = {},
): Promise<OutboxEvent[]> {
  const seen: OutboxEvent[] = [];
  for (let round = 0; round < (options.maxRounds ?? 10_000); round++) {
    const events = await reader.readNew();
    seen.push(...events);
    const internal = events.filter(isInternal);
    if (internal.length === 0) return seen;
    for (let i = 0; i < internal.length; i += 10) {
      const result = await consumer(
        sqsEventOf(...internal.slice(i, i + 10).map((e) => e.body)),
      ).catch((error: Error & { recordErrors?: Error[] }) => {
        // Powertools wraps a batch where every record failed: show the first real cause.
        throw error.recordErrors?.[0] ?? error;
      });
      if (result.batchItemFailures.length > 0)
        throw new Error(`the consumer failed ${result.batchItemFailures.length} internal events`);
    }
    await options.afterEachRound?.();
  }
  return seen;
}
