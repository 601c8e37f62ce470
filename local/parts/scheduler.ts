import type { ServiceDeclaration } from '#shared/declaration';
import type { HandlerLoader } from '../handlers';
import type { CloudLog } from '../log';
import { startScheduler, type ScheduledJob } from '../scheduler';
import type { StopStack } from './stop-stack';

/** Every declared schedule on its cron, invoking its handler in this process. */
export function startCloudScheduler(
  options: {
    services: readonly ServiceDeclaration[];
    timeZone: string;
    region: string;
    handlers: HandlerLoader;
    log: CloudLog;
  },
  stack: StopStack,
): readonly ScheduledJob[] {
  const scheduler = startScheduler({
    services: options.services,
    timeZone: options.timeZone,
    region: options.region,
    invoke: (domain, name, handler, event) =>
      options.handlers.invoke(handler, `ates-${domain}-${name}`, event),
    log: options.log,
  });
  stack.push(() => scheduler.stop());
  return scheduler.jobs;
}
