/**
 * The business day: a calendar date (`YYYY-MM-DD`) in the business time zone (`ATES_TIMEZONE`).
 * Pure; the zone is passed in so callers read configuration once, in their wiring.
 */
export type BusinessDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The business dates any route accepts, both included (docs/openapi.json `BusinessDate`). No
 * aTES money moved before 2000, and older "dates" are typos (JavaScript's `Date.UTC` even reads
 * years below 100 as 19xx). The last is 9998-12-31 so that the week or month containing it, and
 * the day after it, are still dates `YYYY-MM-DD` can write (9999-12-31 + 1 day is "+010000-01-01").
 */
export const EARLIEST_BUSINESS_DATE: BusinessDate = '2000-01-01';
export const LATEST_BUSINESS_DATE: BusinessDate = '9998-12-31';

/** Midnight UTC of a calendar day, any year from 0 to 9999 (Date.UTC would map 0–99 to 19xx). */
function utcDay(year: number, monthIndex: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The wall clock of an instant in the zone: its date, and its time read as if it were UTC. In
 * UTC (the default zone) that is the instant's own UTC fields: Intl's `formatToParts` costs
 * microseconds per call, and every fee and reward dates its movement with it.
 */
function wallClockOf(instant: Date, timeZone: string) {
  if (timeZone === 'UTC') return utcWallClockOf(instant);
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    // Wall-clock time read as if it were UTC: its distance from the instant is the zone offset.
    asUtc: Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    ),
  };
}

/** `wallClockOf` in UTC; an invalid date throws Intl's RangeError as the zone's path does. */
function utcWallClockOf(instant: Date) {
  return {
    date: instant.toISOString().slice(0, 10),
    asUtc: Math.floor(instant.getTime() / 1000) * 1000,
  };
}

/** The business date an instant falls on. */
export function businessDateOf(instant: Date | string, timeZone: string): BusinessDate {
  return wallClockOf(new Date(instant), timeZone).date;
}

/** True for a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isBusinessDate(value: string): value is BusinessDate {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = utcDay(year, month - 1, day);
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/**
 * Why `value` is not a business date a route accepts (to say after the field's name), or
 * undefined when it is one: a real calendar day written `YYYY-MM-DD` in the accepted range.
 */
export function businessDateProblem(value: string): string | undefined {
  if (!isBusinessDate(value)) return 'must be a date written YYYY-MM-DD (a real calendar day)';
  if (value < EARLIEST_BUSINESS_DATE || value > LATEST_BUSINESS_DATE) {
    return `must be from ${EARLIEST_BUSINESS_DATE} to ${LATEST_BUSINESS_DATE}`;
  }
  return undefined;
}

/**
 * The date `days` calendar days after `date` (negative for before). Throws a RangeError rather
 * than return a date `YYYY-MM-DD` cannot write (after 9999-12-31 or before year 0).
 */
export function addDays(date: BusinessDate, days: number): BusinessDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const moved = utcDay(year, month - 1, day + days);
  const movedYear = moved.getUTCFullYear();
  if (!(movedYear >= 0 && movedYear <= 9999)) {
    throw new RangeError(`${date} + ${days} days is not a date YYYY-MM-DD can write`);
  }
  return moved.toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, both included, oldest first. */
export function datesBetween(from: BusinessDate, to: BusinessDate): BusinessDate[] {
  const dates: BusinessDate[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** Calendar days from `from` to `to`, both included (1 for the same date). */
export const daysInRange = (from: BusinessDate, to: BusinessDate): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/**
 * The first instant of a business date in the zone. Across a daylight-saving change the
 * offset at midnight is used, found by correcting a UTC guess twice.
 */
export function startOfBusinessDate(date: BusinessDate, timeZone: string): Date {
  const midnightAsUtc = Date.parse(`${date}T00:00:00Z`);
  let guess = midnightAsUtc;
  for (let i = 0; i < 2; i++) {
    const offset = wallClockOf(new Date(guess), timeZone).asUtc - guess;
    guess = midnightAsUtc - offset;
  }
  return new Date(guess);
}
