import { Cron } from 'croner';
import { randomUUID } from 'node:crypto';
import type { ServiceDeclaration } from '#shared/declaration';
import { toCronerPattern } from './scheduler-cron';
import type { CloudLog } from '../cloud/log';

export interface ScheduledJob {
  domain: string;
  name: string;
  cron: string;
  nextRun(): Date | null;
  /** Invokes the handler now and returns what it returns (a test of the daily close does this). */
  fire(): Promise<unknown>;
  /**
   * Runs the schedule as EventBridge Scheduler does when it is due: an asynchronous invoke that
   * Lambda retries twice on an error, then sends to the on-failure dead-letter store. Never throws.
   */
  runScheduled(event?: ScheduledEvent): Promise<void>;
}

export type ScheduledEvent = ReturnType<typeof scheduledEventOf>;

/** Lambda's asynchronous invocation: two retries, about one and then two minutes apart. */
export const ASYNC_RETRY_DELAYS_MS: readonly number[] = [60_000, 120_000];

/** What a scheduled run that failed every attempt leaves behind. */
export interface FailedRun {
  domain: string;
  name: string;
  event: ScheduledEvent;
  error: unknown;
  attempts: number;
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
 * Every declared schedule on its EventBridge cron, in the business time zone, invoked as
 * Scheduler invokes Lambda: asynchronously, retried twice on an error, then dead-lettered. A run
 * that is still busy (or retrying) when the next one is due is skipped (`protect`).
 */
export function startScheduler(options: {
  services: readonly ServiceDeclaration[];
  timeZone: string;
  region: string;
  invoke: (domain: string, name: string, handler: string, event: unknown) => Promise<unknown>;
  /** The on-failure destination: a run that failed every attempt. */
  deadLetter: (run: FailedRun) => void;
  /** Pauses before each retry. Default: Lambda's, 1 and 2 minutes. */
  retryDelaysMs?: readonly number[];
  log: CloudLog;
}) {
  const retryDelays = options.retryDelaysMs ?? ASYNC_RETRY_DELAYS_MS;
  const armed: ArmedJob[] = options.services.flatMap((service) =>
    (service.schedules ?? []).map((schedule) => {
      const { pattern, yearMatches } = toCronerPattern(schedule.cron);
      const label = `${service.domain} ${schedule.name}`;
      const invoke = (event: ScheduledEvent) =>
        options.invoke(service.domain, schedule.name, schedule.handler, event);
      const eventAt = (time?: Date) =>
        scheduledEventOf(service.domain, schedule.name, options.region, time);
      const fire = () => invoke(eventAt());
      const runScheduled = async (event = eventAt()) => {
        for (let attempt = 1; ; attempt++) {
          try {
            await invoke(event);
            return;
          } catch (error) {
            const delay = retryDelays[attempt - 1];
            if (delay === undefined) {
              options.log.warn(
                `⏰ ${label} failed ${attempt} times, last: ${(error as Error).message} — dead-lettered, see npm run dlq`,
              );
              options.deadLetter({
                domain: service.domain,
                name: schedule.name,
                event,
                error,
                attempts: attempt,
              });
              return;
            }
            options.log.warn(
              `⏰ ${label} failed (${(error as Error).message}); retrying in ${delay} ms`,
            );
            await new Promise((r) => setTimeout(r, delay));
          }
        }
      };
      const cronOf = () => {
        // The run's scheduled time, which EventBridge Scheduler passes as the event's `time`
        // (<aws.scheduler.scheduled-time>), not the moment the timer went off: a late firing
        // just after midnight still closes the day that ended at midnight.
        let due: Date | null = null;
        const timer = new Cron(
          pattern,
          { timezone: options.timeZone, protect: true, name: `${service.domain}-${schedule.name}` },
          async (self: Cron) => {
            const scheduled = latestDue(self, due, Date.now());
            due = self.nextRun(scheduled);
            if (!yearMatches(yearIn(scheduled, options.timeZone))) return;
            options.log.info(`⏰ ${label} fires (${schedule.cron}) for ${iso(scheduled)}`);
            await runScheduled(eventAt(scheduled));
          },
        );
        due = timer.nextRun();
        return timer;
      };
      const job: ArmedJob = {
        domain: service.domain,
        name: schedule.name,
        cron: schedule.cron,
        timer: cronOf(),
        nextRun: () => nextRunInYear(job.timer, yearMatches, options.timeZone),
        fire,
        runScheduled,
        clockMoved(before: Date) {
          const crossed = lastRunBetween(job.timer, yearMatches, options.timeZone, before);
          // Its pending timer counted real ms to a time the clock may have passed: set it again.
          job.timer.stop();
          job.timer = cronOf();
          if (!crossed) return;
          options.log.info(
            `⏰ ${label} fires (${schedule.cron}): the clock moved past ${iso(crossed)}`,
          );
          void runScheduled(eventAt(crossed));
        },
      };
      return job;
    }),
  );
  return {
    jobs: armed as readonly ScheduledJob[],
    stop: () => armed.forEach((job) => job.timer.stop()),
    /**
     * The business clock moved forward from `before` (local/clock/business-clock.ts): each schedule
     * whose time the move crossed runs once, for the latest time crossed, with that time as its
     * event's `time` — as a late EventBridge Scheduler run would; then every cron is set again
     * from the new time.
     */
    clockMoved: (before: Date) => armed.forEach((job) => job.clockMoved(before)),
  };
}

interface ArmedJob extends ScheduledJob {
  timer: Cron;
  clockMoved(before: Date): void;
}

const iso = (date: Date) => date.toISOString();

/**
 * The latest run of `cron` not after `now`, from the one that was due when the timer was set:
 * a timer fires at or after its run, and a run skipped while the last was busy is passed over.
 */
export function latestDue(cron: Cron, due: Date | null, now: number): Date {
  let latest = due ?? new Date(now);
  for (let i = 0, next = cron.nextRun(latest); next && next.getTime() <= now; i++) {
    if (i >= MAX_CROSSED_RUNS) break;
    latest = next;
    next = cron.nextRun(next);
  }
  return latest;
}

/** At most this many runs are walked to find the latest a move crossed (a minutely cron, a week). */
const MAX_CROSSED_RUNS = 10_080;

/** The latest run of `cron` after `from` and not after now, or null when the move crossed none. */
function lastRunBetween(
  cron: Cron,
  yearMatches: (year: number) => boolean,
  timeZone: string,
  from: Date,
): Date | null {
  const now = Date.now();
  let latest: Date | null = null;
  let run = cron.nextRun(from);
  for (let i = 0; run && run.getTime() <= now && i < MAX_CROSSED_RUNS; i++) {
    if (yearMatches(yearIn(run, timeZone))) latest = run;
    run = cron.nextRun(run);
  }
  return latest;
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
