import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { toCronerPattern, UnsupportedCronError } from './scheduler-cron';

const nextRuns = (cron: string, from: string, timezone: string, count = 3) => {
  const job = new Cron(toCronerPattern(cron).pattern, { timezone, paused: true });
  const runs = job.nextRuns(count, new Date(from)).map((d) => d.toISOString());
  job.stop();
  return runs;
};

describe('EventBridge cron to croner', () => {
  it('drops the year and turns "?" into "*"', () => {
    expect(toCronerPattern('0 18 * * ? *').pattern).toBe('0 18 * * *');
    expect(toCronerPattern('cron(15 10 ? * MON-FRI *)').pattern).toBe('15 10 * * MON-FRI');
  });

  it('shifts numeric days of the week from 1 = SUN to 0 = SUN', () => {
    expect(toCronerPattern('0 9 ? * 2-6 *').pattern).toBe('0 9 * * 1-5');
    expect(toCronerPattern('0 9 ? * 1,7 *').pattern).toBe('0 9 * * 0,6');
    expect(toCronerPattern('0 9 ? * 3#2 *').pattern).toBe('0 9 * * 2#2');
    expect(toCronerPattern('0 9 ? * 6L *').pattern).toBe('0 9 * * 5#L');
    expect(toCronerPattern('0 9 ? * */2 *').pattern).toBe('0 9 * * */2');
  });

  it('keeps day-of-month, month names and steps', () => {
    expect(toCronerPattern('0/15 8-17 L jan,jul ? *').pattern).toBe('0/15 8-17 L JAN,JUL *');
  });

  it('fires in the business time zone', () => {
    // 18:00 in Moscow (UTC+3) is 15:00 UTC; weekdays only, so Friday is followed by Monday.
    expect(nextRuns('0 18 ? * MON-FRI *', '2026-01-08T00:00:00Z', 'Europe/Moscow')).toEqual([
      '2026-01-08T15:00:00.000Z',
      '2026-01-09T15:00:00.000Z',
      '2026-01-12T15:00:00.000Z',
    ]);
    expect(nextRuns('0 0 * * ? *', '2026-03-01T12:00:00Z', 'UTC', 2)).toEqual([
      '2026-03-02T00:00:00.000Z',
      '2026-03-03T00:00:00.000Z',
    ]);
  });

  it('keeps the year as a predicate', () => {
    const { yearMatches } = toCronerPattern('0 0 1 1 ? 2026-2027,2030');
    expect([2025, 2026, 2027, 2028, 2030].map(yearMatches)).toEqual([
      false,
      true,
      true,
      false,
      true,
    ]);
  });

  it.each([
    ['five fields', '0 18 * * *'],
    ['both day fields set', '0 18 1 * MON *'],
    ['no "?" at all', '0 18 * * * *'],
    ['W', '0 18 15W * ? *'],
    ['a day of week out of range', '0 18 ? * 8 *'],
    ['a bad year', '0 18 * * ? 26'],
  ])('refuses %s', (_name, cron) => {
    expect(() => toCronerPattern(cron)).toThrow(UnsupportedCronError);
  });
});
