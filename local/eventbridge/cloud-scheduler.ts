import type { ServiceDeclaration } from '#shared/declaration';
import type { HandlerLoader } from '../lambda/handler-loader';
import type { DeadLetterStore } from '../sqs/dead-letters';
import type { CloudLog } from '../cloud/log';
import { startScheduler, type ScheduledJob } from './scheduler';
import type { StopStack } from '../cloud/stop-stack';

/** A dead letter's `target` for a scheduled run: `schedule:<name>`. */
export const SCHEDULE_TARGET = 'schedule:';

const messageOf = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Every declared schedule on its cron, invoking its handler in this process; failed runs go to the dead letters. */
export function startCloudScheduler(
  options: {
    services: readonly ServiceDeclaration[];
    timeZone: string;
    region: string;
    handlers: HandlerLoader;
    deadLetters: DeadLetterStore;
    retryDelaysMs?: readonly number[];
    log: CloudLog;
  },
  stack: StopStack,
): { jobs: readonly ScheduledJob[]; clockMoved: (before: Date) => void } {
  const scheduler = startScheduler({
    services: options.services,
    timeZone: options.timeZone,
    region: options.region,
    invoke: (domain, name, handler, event) =>
      options.handlers.invoke(handler, { domain, name }, event),
    deadLetter: (run) =>
      options.deadLetters.add({
        id: run.event.id,
        domain: run.domain,
        target: `${SCHEDULE_TARGET}${run.name}`,
        body: JSON.stringify(run.event),
        error: messageOf(run.error),
        receiveCount: run.attempts,
        sentAt: run.event.time,
        deadAt: new Date().toISOString(),
      }),
    retryDelaysMs: options.retryDelaysMs,
    log: options.log,
  });
  stack.push(() => scheduler.stop());
  return scheduler;
}
