/**
 * Money and time as the employees read them: dollars with cents, and dates and times in the
 * business time zone (the zone the daily close and the audit log's days are counted in).
 */
export const TIME_ZONE: string = __ATES_TIMEZONE__;

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** `-1250` → `−$12.50` (a true minus sign, so the negative reads as one at a glance). */
export const formatCents = (cents: number) => {
  const text = dollars.format(Math.abs(cents) / 100);
  return cents < 0 ? `−${text}` : text;
};

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  dateStyle: 'medium',
  timeStyle: 'short',
});
const timeOnly = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
/** en-CA writes dates as YYYY-MM-DD, the API's business-date format. */
const isoDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export const formatDateTime = (iso: string | null | undefined) =>
  iso ? dateTime.format(new Date(iso)) : '—';
export const formatTime = (iso: string) => timeOnly.format(new Date(iso));

/** Today's business date, `YYYY-MM-DD`. */
export const businessToday = (now = new Date()) => isoDate.format(now);

/** A business date (`YYYY-MM-DD`) as people read it: `Thu 26 Nov 2026`. */
export const formatBusinessDate = (date: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(`${date}T12:00:00Z`));

/** Seconds since the epoch at midnight UTC of a business date: the x value of a per-day chart. */
export const chartX = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

/** The business day before `date` (`YYYY-MM-DD`): the latest day a close may pay. */
export const dayBefore = (date: string) =>
  new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const dateOnly = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, dateStyle: 'medium' });
/** An instant's business date as people read it: `26 Nov 2026` (one line in a table). */
export const formatDate = (iso: string) => dateOnly.format(new Date(iso));
