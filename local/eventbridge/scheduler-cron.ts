/**
 * EventBridge (Scheduler) cron expressions have six fields — minutes, hours, day-of-month,
 * month, day-of-week, year — with `?` in one of the two day fields and day-of-week numbered
 * 1 = SUN ... 7 = SAT. croner reads the classic five fields with 0 = SUN and no year. This turns
 * one into the other, so the local scheduler fires on the very cron `infra/` deploys.
 *
 * Supported: numbers, names (JAN, MON), `*`, `?`, ranges, lists, steps, `L` (last day of the month,
 * or `6L` = last Friday) and `#` (`3#2` = second Tuesday). `W` throws: croner cannot express it.
 */

export class UnsupportedCronError extends Error {
  constructor(cron: string, reason: string) {
    super(`cannot run EventBridge cron "${cron}" locally: ${reason}`);
    this.name = 'UnsupportedCronError';
  }
}

export interface LocalCron {
  /** The five-field pattern croner runs. */
  pattern: string;
  /** EventBridge's year field, which croner lacks: the scheduler skips years it rejects. */
  yearMatches: (year: number) => boolean;
}

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export function toCronerPattern(cron: string): LocalCron {
  const body = cron
    .trim()
    .replace(/^cron\((.*)\)$/, '$1')
    .trim();
  const fields = body.split(/\s+/);
  if (fields.length !== 6) {
    throw new UnsupportedCronError(cron, 'expected six fields: min hour day month weekday year');
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new UnsupportedCronError(cron, 'exactly one of day-of-month and day-of-week must be "?"');
  }
  if (/W/i.test(dayOfMonth)) throw new UnsupportedCronError(cron, '"W" is not supported locally');
  const days = dayOfMonth === '?' ? '*' : dayOfMonth;
  const weekdays = dayOfWeek === '?' ? '*' : convertDayOfWeek(dayOfWeek, cron);
  return {
    pattern: [minutes, hours, days, month.toUpperCase(), weekdays].join(' '),
    yearMatches: yearPredicate(year, cron),
  };
}

/** Shifts EventBridge's 1-7 (SUN-SAT) to croner's 0-6 and `6L` to croner's `5#L`. */
function convertDayOfWeek(field: string, cron: string): string {
  const toCroner = (day: string) => {
    const upper = day.toUpperCase();
    if (DAY_NAMES.includes(upper)) return upper;
    const n = Number(day);
    if (!Number.isInteger(n) || n < 1 || n > 7) {
      throw new UnsupportedCronError(cron, `day-of-week "${day}" is not 1-7 or SUN-SAT`);
    }
    return String(n - 1);
  };
  return field
    .split(',')
    .map((item) => {
      if (item === '*') return item;
      const last = /^(\w+)L$/i.exec(item);
      if (last) return `${toCroner(last[1]!)}#L`;
      const nth = /^(\w+)#([1-5])$/.exec(item);
      if (nth) return `${toCroner(nth[1]!)}#${nth[2]}`;
      const [range, step] = item.split('/');
      const bounds = range!.split('-');
      if (bounds.length > 2 || bounds.some((b) => b === '')) {
        throw new UnsupportedCronError(cron, `day-of-week "${item}" is not understood`);
      }
      const converted = range === '*' ? '*' : bounds.map(toCroner).join('-');
      return step === undefined ? converted : `${converted}/${step}`;
    })
    .join(',');
}

/** The year field: `*`, years, ranges and lists of them (1970-2199 in EventBridge). */
function yearPredicate(field: string, cron: string): (year: number) => boolean {
  if (field === '*') return () => true;
  const ranges = field.split(',').map((item) => {
    const match = /^(\d{4})(?:-(\d{4}))?$/.exec(item);
    if (!match) throw new UnsupportedCronError(cron, `year "${item}" is not understood`);
    return [Number(match[1]), Number(match[2] ?? match[1])] as const;
  });
  return (year) => ranges.some(([from, to]) => year >= from && year <= to);
}
