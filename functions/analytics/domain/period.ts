import {
  addDays,
  businessDateProblem,
  daysInRange,
  type BusinessDate,
} from '#shared/time/business-day';
import { AnalyticsError } from './errors';

/** Inclusive range of business dates. */
export interface DateRange {
  from: BusinessDate;
  to: BusinessDate;
}

export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

/** At most a year (a leap year's 366 days) per query: the query reads one item per day. */
export const MAX_RANGE_DAYS = 366;

/** The date if it is one the routes accept (shared/time/business-day.ts), else invalid_date. */
export function requireDate(value: string, field: string): BusinessDate {
  const problem = businessDateProblem(value);
  if (problem) throw new AnalyticsError('invalid_date', `${field} ${problem}, got "${value}"`);
  return value;
}

/** Checks an explicit range: real dates, `from` ≤ `to`, at most {@link MAX_RANGE_DAYS} days. */
export function checkedRange(from: string, to: string): DateRange {
  const range = { from: requireDate(from, 'from'), to: requireDate(to, 'to') };
  if (range.from > range.to) {
    throw new AnalyticsError('range_reversed', `from (${range.from}) is after to (${range.to})`);
  }
  const days = daysInRange(range.from, range.to);
  if (days > MAX_RANGE_DAYS) {
    throw new AnalyticsError(
      'range_too_long',
      `the range has ${days} days; ask for at most ${MAX_RANGE_DAYS}`,
    );
  }
  return range;
}

/** 0 for Monday … 6 for Sunday. */
const isoWeekdayIndex = (date: BusinessDate) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

/**
 * The period containing `date`: the day itself; its ISO week, Monday to Sunday; its calendar
 * month. Dates are business dates already, so no time zone enters here.
 */
export function periodContaining(period: Period, date: BusinessDate): DateRange {
  switch (period) {
    case 'day':
      return { from: date, to: date };
    case 'week': {
      const monday = addDays(date, -isoWeekdayIndex(date));
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'month': {
      const first = `${date.slice(0, 7)}-01`;
      return { from: first, to: addDays(addDays(first, 31).slice(0, 7) + '-01', -1) };
    }
  }
}
