import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServiceDeclaration } from '#shared/declaration';
import { dayThatJustEnded } from '../../functions/accounting/domain/days';
import { startScheduler, type ScheduledEvent } from './scheduler';

const closeAtMidnight = {
  domain: 'accounting',
  schedules: [{ name: 'daily-close', cron: '0 0 * * ? *', handler: 'daily-close.ts' }],
} as unknown as ServiceDeclaration;

afterEach(() => {
  vi.useRealTimers();
});

describe('the local scheduler', () => {
  it("passes the run's scheduled time, not the late moment its timer fired", async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(new Date('2026-03-09T23:59:50Z'));
    const events: ScheduledEvent[] = [];
    const scheduler = startScheduler({
      services: [closeAtMidnight],
      timeZone: 'UTC',
      region: 'us-east-1',
      invoke: async (_domain, _name, _handler, event) => {
        events.push(event as ScheduledEvent);
      },
      deadLetter: () => {},
      log: { info: () => {}, warn: () => {} } as never,
    });
    try {
      // The machine stalls (a suspended laptop, a starved process): the midnight run's timer
      // goes off almost a day late, just before the next midnight.
      vi.setSystemTime(new Date('2026-03-10T23:59:45Z'));
      await vi.advanceTimersByTimeAsync(10_000);
      expect(events.map((e) => e.time)).toEqual(['2026-03-10T00:00:00Z']);
      // So the close still closes the day that ended at that midnight.
      expect(dayThatJustEnded(events[0]!.time, 'UTC')).toBe('2026-03-09');
    } finally {
      scheduler.stop();
    }
  });
});
