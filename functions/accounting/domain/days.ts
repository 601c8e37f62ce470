import { addDays, daysInRange, isBusinessDate, type BusinessDate } from '#shared/time/business-day';
import { AccountingError } from './errors';

/** The dashboard shows at most a year (a leap year) at once. */
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;

export function dateOrToday(value: string | undefined, today: BusinessDate): BusinessDate {
  if (value === undefined) return today;
  if (!isBusinessDate(value))
    throw new AccountingError('bad_date', `"${value}" is not a date written YYYY-MM-DD`);
  return value;
}

/** `from`/`to` of the dashboard: both included; the last 30 days when neither is given. */
export function dashboardRange(
  query: { from?: string; to?: string },
  today: BusinessDate,
): { from: BusinessDate; to: BusinessDate } {
  const to = dateOrToday(query.to, today);
  const from = dateOrToday(query.from, addDays(to, -(DEFAULT_RANGE_DAYS - 1)));
  if (from > to) throw new AccountingError('bad_range', `from (${from}) is after to (${to})`);
  if (daysInRange(from, to) > MAX_RANGE_DAYS)
    throw new AccountingError(
      'range_too_long',
      `the range covers ${daysInRange(from, to)} days; at most ${MAX_RANGE_DAYS} at once`,
    );
  return { from, to };
}

/** A close of a day that has not begun cannot pay anything that day earned. */
export function closableDate(date: BusinessDate, today: BusinessDate): BusinessDate {
  if (date > today)
    throw new AccountingError('future_date', `${date} has not begun yet (today is ${today})`);
  return date;
}
