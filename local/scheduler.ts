import { Cron } from 'croner';
import { randomUUID } from 'node:crypto';
import type { ServiceDeclaration } from '#shared/declaration';
import { toCronerPattern } from './eventbridge-cron';
import type { CloudLog } from './log';

export interface ScheduledJob {
  domain: string;
  name: string;
  cron: string;
  nextRun(): Date | null;
  /** Fires the schedule now, as a system test of the daily close would. */
  fire(): Promise<unknown>;
}

/** The payload EventBridge Scheduler-style targets get: a scheduled event for this schedule. */
export function scheduledEventOf(domain: string, name: string, region: string, time = new Date()) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: '000000000000',
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:scheduler:${region}:000000000000:schedule/default/ates-${domain}-${name}`],
    detail: {},
  };
}

/**
 * Every declared schedule on its EventBridge cron, in the business time zone. A run that is
 * still busy when the next one is due is skipped (`protect`), like a schedule whose target is
 * still running would pile up otherwise.
 */
export function startScheduler(options: {
  services: readonly ServiceDeclaration[];
  timeZone: string;
  region: string;
  invoke: (domain: string, name: string, handler: string, event: unknown) => Promise<unknown>;
  log: CloudLog;
}) {
  const crons: Cron[] = [];
  const jobs: ScheduledJob[] = options.services.flatMap((service) =>
    (service.schedules ?? []).map((schedule) => {
      const { pattern, yearMatches } = toCronerPattern(schedule.cron);
      const fire = () =>
        options.invoke(
          service.domain,
          schedule.name,
          schedule.handler,
          scheduledEventOf(service.domain, schedule.name, options.region),
        );
      const cron = new Cron(
        pattern,
        { timezone: options.timeZone, protect: true, name: `${service.domain}-${schedule.name}` },
        async () => {
          if (!yearMatches(yearIn(new Date(), options.timeZone))) return;
          options.log.info(`⏰ ${service.domain} ${schedule.name} fires (${schedule.cron})`);
          try {
            await fire();
          } catch (error) {
            options.log.warn(
              `⏰ ${service.domain} ${schedule.name} failed: ${(error as Error).message}`,
            );
          }
        },
      );
      crons.push(cron);
      return {
        domain: service.domain,
        name: schedule.name,
        cron: schedule.cron,
        nextRun: () => nextRunInYear(cron, yearMatches, options.timeZone),
        fire,
      };
    }),
  );
  return { jobs, stop: () => crons.forEach((cron) => cron.stop()) };
}

const yearIn = (date: Date, timeZone: string) =>
  Number(date.toLocaleString('en-US', { timeZone, year: 'numeric' }));

/** croner has no year field: skip its runs until one falls in a year the cron allows. */
function nextRunInYear(cron: Cron, yearMatches: (year: number) => boolean, timeZone: string) {
  let run = cron.nextRun();
  for (let i = 0; run && i < 5000 && !yearMatches(yearIn(run, timeZone)); i++) {
    run = cron.nextRun(run);
  }
  return run && yearMatches(yearIn(run, timeZone)) ? run : null;
}
