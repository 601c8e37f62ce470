import { join } from 'node:path';
import {
  advanceBusinessClock,
  ClockFile,
  clockOffset,
  installBusinessClock,
  removeBusinessClock,
} from './business-clock';
import type { CloudLog } from '../cloud/log';
import type { StopStack } from '../cloud/stop-stack';

/** The business clock as the cloud's admin API and scheduler see it. */
export interface CloudClock {
  now(): Date;
  /** Moves the clock `ms` forward, saves the offset, tells every listener; returns the new time. */
  advance(ms: number): Date;
  /** Called with the time before each move (the scheduler runs what the move crossed). */
  onMoved(listener: (before: Date) => void): void;
}

/**
 * Puts the business clock in place for this cloud: the offset saved under `dataDir` (so the
 * business time never goes back across a restart), or the machine's time in memory. Stopping the
 * cloud gives the process its real clock back.
 */
export function startCloudClock(
  options: { dataDir?: string; log: CloudLog },
  stack: StopStack,
): CloudClock {
  const file = options.dataDir ? new ClockFile(join(options.dataDir, 'clock.json')) : undefined;
  installBusinessClock(file?.load() ?? 0);
  stack.push(() => removeBusinessClock());
  if (clockOffset() > 0) {
    options.log.info(
      `🕰  the business clock runs ${clockOffset()} ms ahead (saved in .ates/clock.json)`,
    );
  }
  const listeners: ((before: Date) => void)[] = [];
  return {
    now: () => new Date(),
    advance(ms) {
      const before = advanceBusinessClock(ms);
      file?.save(clockOffset());
      for (const listener of listeners) listener(before);
      const now = new Date();
      options.log.info(`🕰  the business clock moved ${ms} ms forward to ${now.toISOString()}`);
      return now;
    },
    onMoved: (listener) => listeners.push(listener),
  };
}
