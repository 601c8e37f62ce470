import {
  addDays,
  businessDateOf,
  daysInRange,
  isBusinessDate,
  type BusinessDate,
} from '#shared/time/business-day';
import { ARCHIVE_RETENTION_DAYS } from '#shared/consumer/replay-window';
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

/**
 * Which day a close may pay (the rules in docs/accounting.md): only a day that has ended (the
 * default is the most recent one, yesterday), no further back than the event archive keeps
 * events (a day older than that could not be rebuilt or audited from its events), and not before
 * the first movement ever posted (there is nothing to pay).
 */
export function closableDate(
  asked: BusinessDate | undefined,
  today: BusinessDate,
  firstMovement: BusinessDate | null,
): BusinessDate {
  const date = asked ?? addDays(today, -1);
  if (date >= today)
    throw new AccountingError(
      'day_not_over',
      `${date} has not ended yet (today is ${today}); the most recent day that can close is ${addDays(today, -1)}`,
    );
  const oldest = addDays(today, -CLOSABLE_DAYS_BACK);
  if (date < oldest)
    throw new AccountingError(
      'beyond_archive',
      `${date} is further back than the event archive keeps (${ARCHIVE_RETENTION_DAYS} days); the oldest day that can close is ${oldest}`,
    );
  if (firstMovement === null || date < firstMovement)
    throw new AccountingError(
      'before_first_movement',
      firstMovement === null
        ? `no fee or reward has been posted yet: ${date} has nothing to close`
        : `${date} is before the first movement (${firstMovement}): it has nothing to close`,
    );
  return date;
}

/** Days back a close may reach: the archive's retention, counted from today. */
export const CLOSABLE_DAYS_BACK = ARCHIVE_RETENTION_DAYS;

/**
 * The day a midnight schedule closes: the one before the business date of its scheduled time,
 * taken to the nearest minute. EventBridge Scheduler's time is exactly midnight; a local timer
 * may fire a moment early or late (and its time has no milliseconds), and 23:59:59.9 must not
 * close the day before yesterday.
 */
export function dayThatJustEnded(scheduledTime: string, timeZone: string): BusinessDate {
  const nearestMinute = Math.round(Date.parse(scheduledTime) / 60_000) * 60_000;
  return addDays(businessDateOf(new Date(nearestMinute), timeZone), -1);
}
