import type { SQSEvent } from 'aws-lambda';
import { join } from 'node:path';
import { consumerConcurrencyOf, type ServiceDeclaration } from '#shared/declaration';
import type { DeadLetter, DeadLetterFilter, DeadLetterStore } from './dead-letters';
import { withConsumerFaults, type Faults } from '../faults/faults';
import type { HandlerLoader } from '../lambda/handler-loader';
import type { CloudLog } from '../cloud/log';
import { LocalQueue } from './local-queue';
import { QueueFile } from './queue-file';
import { localQueueArnOf } from '../iam/local-policies';
import type { ScheduledEvent, ScheduledJob } from '../eventbridge/scheduler';
import { SCHEDULE_TARGET } from '../eventbridge/cloud-scheduler';

export interface QueueContext {
  region: string;
  handlers: HandlerLoader;
  deadLetters: DeadLetterStore;
  log: CloudLog;
  /** Overrides the declared visibility timeout (tests: fast retries). */
  visibilityTimeoutMs?: number;
  /** Persist each queue under `<dataDir>/queues/`; in memory without it. */
  dataDir?: string;
  /** Injected consumer failures (before / after the handler); none without it. */
  faults?: Faults;
}

/** Lambda's default timeout when a declaration names none (infra's DEFAULT_TIMEOUT_SECONDS). */
const DEFAULT_TIMEOUT_SECONDS = 10;

/**
 * infra/constructs/event-consumer.ts: the consumer's timeout, and a queue visibility timeout of
 * six times it (AWS's advice for Lambda consumers).
 */
export function consumerTimingOf(service: ServiceDeclaration) {
  const timeoutSeconds =
    service.consumer?.timeoutSeconds ??
    service.sizing?.consumer?.timeoutSeconds ??
    DEFAULT_TIMEOUT_SECONDS;
  return { timeoutMs: timeoutSeconds * 1000, visibilityTimeoutMs: timeoutSeconds * 6 * 1000 };
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
    const timing = consumerTimingOf(service);
    queues.set(
      service.domain,
      new LocalQueue({
        domain: service.domain,
        queueArn: localQueueArnOf(context.region, service.domain),
        batchSize: consumer.batchSize,
        maxReceiveCount: consumer.maxReceiveCount,
        visibilityTimeoutMs: context.visibilityTimeoutMs ?? timing.visibilityTimeoutMs,
        timeoutMs: timing.timeoutMs,
        // The mapping's maximum concurrency, as the domain declares it for AWS: never more
        // batches of a consumer at once here than the deployed mapping would run.
        maxConcurrency: consumerConcurrencyOf(service.domain, consumer),
        consume: withConsumerFaults(context.faults, consumer.maxReceiveCount, (event: SQSEvent) =>
          context.handlers.invoke(
            consumer.handler,
            { domain: service.domain, name: 'consumer' },
            event,
            timing.timeoutMs / 1000,
          ),
        ),
        deadLetters: context.deadLetters,
        log: context.log,
        file: context.dataDir
          ? new QueueFile(join(context.dataDir, 'queues', `${service.domain}.json`))
          : undefined,
      }),
    );
  }
  return queues;
}

/**
 * Sends matching dead letters back where they failed — a message to its domain's queue, a
 * scheduled run to its schedule (run again with its own event, retries and all); returns them.
 * `repair` (soak, tests) sends a message's corrected body instead, as an operator republishes
 * an event whose producer bug was fixed.
 */
export function redriverOf(
  queues: ReadonlyMap<string, LocalQueue>,
  deadLetters: DeadLetterStore,
  schedules: () => readonly ScheduledJob[],
  log: CloudLog,
) {
  const scheduleOf = (letter: DeadLetter) =>
    letter.target?.startsWith(SCHEDULE_TARGET)
      ? schedules().find(
          (job) =>
            job.domain === letter.domain && `${SCHEDULE_TARGET}${job.name}` === letter.target,
        )
      : undefined;
  return (filter: DeadLetterFilter = {}, repair?: (letter: DeadLetter) => string): DeadLetter[] => {
    const letters = deadLetters.take(filter).filter((letter) => {
      const back = letter.target ? scheduleOf(letter) : queues.get(letter.domain);
      if (!back) deadLetters.add(letter); // where it came from is not running: keep the letter
      return Boolean(back);
    });
    for (const letter of letters) {
      const schedule = scheduleOf(letter);
      if (schedule) void schedule.runScheduled(JSON.parse(letter.body) as ScheduledEvent);
      else queues.get(letter.domain)!.send(repair ? repair(letter) : letter.body, letter.id);
    }
    if (letters.length) log.info(`↻ redrove ${letters.length} dead letter(s)`);
    return letters;
  };
}
