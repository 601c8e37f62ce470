/**
 * The business day: a calendar date (`YYYY-MM-DD`) in the business time zone (`ATES_TIMEZONE`).
 * Pure; the zone is passed in so callers read configuration once, in their wiring.
 */
export type BusinessDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

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

function wallClockOf(instant: Date, timeZone: string) {
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

/** The business date an instant falls on. */
export function businessDateOf(instant: Date | string, timeZone: string): BusinessDate {
  return wallClockOf(new Date(instant), timeZone).date;
}

/** True for a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isBusinessDate(value: string): value is BusinessDate {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** The date `days` calendar days after `date` (negative for before). */
export function addDays(date: BusinessDate, days: number): BusinessDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
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
