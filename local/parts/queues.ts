import type { SQSEvent } from 'aws-lambda';
import type { ServiceDeclaration } from '#shared/declaration';
import type { DeadLetter, DeadLetterFilter, DeadLetterStore } from '../dead-letters';
import type { HandlerLoader } from '../handlers';
import type { CloudLog } from '../log';
import { LocalQueue } from '../queue';

export interface QueueContext {
  region: string;
  handlers: HandlerLoader;
  deadLetters: DeadLetterStore;
  log: CloudLog;
  visibilityTimeoutMs: number;
}

/** One queue per consuming domain, read by its consumer as the SQS event source mapping would. */
export function createQueues(
  services: readonly ServiceDeclaration[],
  context: QueueContext,
): Map<string, LocalQueue> {
  const queues = new Map<string, LocalQueue>();
  for (const service of services) {
    const consumer = service.consumer;
    if (!consumer) continue;
    queues.set(
      service.domain,
      new LocalQueue({
        domain: service.domain,
        queueArn: `arn:aws:sqs:${context.region}:000000000000:ates-${service.domain}-events`,
        batchSize: consumer.batchSize,
        maxReceiveCount: consumer.maxReceiveCount,
        visibilityTimeoutMs: context.visibilityTimeoutMs,
        consume: (event: SQSEvent) =>
          context.handlers.invoke(
            consumer.handler,
            `ates-${service.domain}-consumer`,
            event,
            consumer.timeoutSeconds,
          ),
        deadLetters: context.deadLetters,
        log: context.log,
      }),
    );
  }
  return queues;
}

/** Sends matching dead letters back to their domain's queue; returns the ones it sent. */
export function redriverOf(
  queues: ReadonlyMap<string, LocalQueue>,
  deadLetters: DeadLetterStore,
  log: CloudLog,
) {
  return (filter: DeadLetterFilter = {}): DeadLetter[] => {
    const letters = deadLetters.take(filter).filter((letter) => {
      const queue = queues.get(letter.domain);
      if (!queue) deadLetters.add(letter); // its domain is not running: keep the letter
      return Boolean(queue);
    });
    for (const letter of letters) queues.get(letter.domain)!.send(letter.body, letter.id);
    if (letters.length) log.info(`↻ redrove ${letters.length} dead letter(s)`);
    return letters;
  };
}
