import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  businessDateOf,
  businessDateProblem,
  EARLIEST_BUSINESS_DATE,
  LATEST_BUSINESS_DATE,
  datesBetween,
  daysInRange,
  isBusinessDate,
  startOfBusinessDate,
} from './business-day';

describe('businessDateOf', () => {
  it('is the UTC date in UTC', () => {
    expect(businessDateOf('2026-03-03T23:59:59.999Z', 'UTC')).toBe('2026-03-03');
    expect(businessDateOf('2026-03-04T00:00:00.000Z', 'UTC')).toBe('2026-03-04');
  });

  it('follows the zone across the spring-forward change (Europe/Berlin, 29 March 2026)', () => {
    // 23:30 UTC on the 28th is 00:30 CET on the 29th; 22:30 UTC on the 29th is 00:30 CEST on the 30th.
    expect(businessDateOf('2026-03-28T22:59:59Z', 'Europe/Berlin')).toBe('2026-03-28');
    expect(businessDateOf('2026-03-28T23:00:00Z', 'Europe/Berlin')).toBe('2026-03-29');
    expect(businessDateOf('2026-03-29T21:59:59Z', 'Europe/Berlin')).toBe('2026-03-29');
    expect(businessDateOf('2026-03-29T22:00:00Z', 'Europe/Berlin')).toBe('2026-03-30');
  });

  it('follows the zone across the fall-back change (America/New_York, 1 November 2026)', () => {
    expect(businessDateOf('2026-11-01T03:59:59Z', 'America/New_York')).toBe('2026-10-31');
    expect(businessDateOf('2026-11-01T04:00:00Z', 'America/New_York')).toBe('2026-11-01');
    // The 1st lasts 25 hours: it ends at 05:00 UTC on the 2nd.
    expect(businessDateOf('2026-11-02T04:59:59Z', 'America/New_York')).toBe('2026-11-01');
    expect(businessDateOf('2026-11-02T05:00:00Z', 'America/New_York')).toBe('2026-11-02');
  });

  it('handles zones east of UTC with a half-hour offset', () => {
    expect(businessDateOf('2026-06-30T18:29:59Z', 'Asia/Kolkata')).toBe('2026-06-30');
    expect(businessDateOf('2026-06-30T18:30:00Z', 'Asia/Kolkata')).toBe('2026-07-01');
  });
});

describe('startOfBusinessDate', () => {
  it('is midnight in the zone, on either side of a change', () => {
    expect(startOfBusinessDate('2026-03-29', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(startOfBusinessDate('2026-03-30', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    expect(startOfBusinessDate('2026-11-02', 'America/New_York').toISOString()).toBe(
      '2026-11-02T05:00:00.000Z',
    );
    expect(startOfBusinessDate('2026-03-03', 'UTC').toISOString()).toBe('2026-03-03T00:00:00.000Z');
  });
});

describe('calendar helpers', () => {
  it('accepts only real dates', () => {
    expect(isBusinessDate('2026-02-28')).toBe(true);
    expect(isBusinessDate('2028-02-29')).toBe(true);
    expect(isBusinessDate('2026-02-29')).toBe(false);
    expect(isBusinessDate('2026-13-01')).toBe(false);
    expect(isBusinessDate('2026-1-01')).toBe(false);
    expect(isBusinessDate('03.03.2026')).toBe(false);
  });

  it('counts and lists days over month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(datesBetween('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(daysInRange('2026-03-01', '2026-03-03')).toBe(3);
    expect(daysInRange('2026-01-01', '2026-12-31')).toBe(365);
  });
});

describe('the range of business dates the routes accept', () => {
  it('says why a date is refused, and accepts the edges', () => {
    expect(businessDateProblem(EARLIEST_BUSINESS_DATE)).toBeUndefined();
    expect(businessDateProblem(LATEST_BUSINESS_DATE)).toBeUndefined();
    expect(businessDateProblem('1999-12-31')).toBe('must be from 2000-01-01 to 9998-12-31');
    expect(businessDateProblem('9999-12-31')).toBe('must be from 2000-01-01 to 9998-12-31');
    expect(businessDateProblem('2026-02-30')).toMatch(/real calendar day/);
    expect(businessDateProblem('0050-01-01')).toBe('must be from 2000-01-01 to 9998-12-31');
  });

  it('counts days in years below 100 as those years, not 19xx, and refuses to pass year 9999', () => {
    expect(isBusinessDate('0096-02-29')).toBe(true); // read as 1996 before: "not a date"
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(addDays('0100-01-01', -1)).toBe('0099-12-31');
    expect(addDays('9998-12-31', 1)).toBe('9999-01-01');
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });
});

describe('UTC, read without Intl', () => {
  // `Etc/UTC` is the same zone by another name, so it still goes through Intl's formatter: the
  // reference the fast path must match, instant by instant.
  const instants = fc.date({
    min: new Date('1000-01-01T00:00:00Z'),
    max: new Date('9999-12-31T23:59:59.999Z'),
    noInvalidDate: true,
  });

  it('dates every instant as Intl does', () => {
    fc.assert(
      fc.property(instants, (instant) => {
        expect(businessDateOf(instant, 'UTC')).toBe(businessDateOf(instant, 'Etc/UTC'));
      }),
    );
  });

  it('starts every business date where Intl does', () => {
    fc.assert(
      fc.property(instants, (instant) => {
        const date = businessDateOf(instant, 'Etc/UTC');
        expect(startOfBusinessDate(date, 'UTC')).toEqual(startOfBusinessDate(date, 'Etc/UTC'));
      }),
    );
  });

  it('refuses an invalid instant as Intl does', () => {
    expect(() => businessDateOf('not a time', 'Etc/UTC')).toThrow(RangeError);
    expect(() => businessDateOf('not a time', 'UTC')).toThrow(RangeError);
  });
});
