import { describe, expect, it } from 'vitest';
import { AnalyticsError } from './errors';
import { checkedRange, periodContaining } from './period';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AnalyticsError);
    return (error as AnalyticsError).kind;
  }
  throw new Error('expected a refusal');
};

describe('periods', () => {
  it('takes the ISO week, Monday to Sunday, for any day in it', () => {
    // 2026-03-02 is a Monday, 2026-03-08 a Sunday.
    for (const date of ['2026-03-02', '2026-03-04', '2026-03-08']) {
      expect(periodContaining('week', date)).toEqual({ from: '2026-03-02', to: '2026-03-08' });
    }
    // A week across a year's end stays Monday to Sunday.
    expect(periodContaining('week', '2027-01-01')).toEqual({
      from: '2026-12-28',
      to: '2027-01-03',
    });
  });

  it('takes the calendar month, leap Februaries included', () => {
    expect(periodContaining('month', '2028-02-10')).toEqual({
      from: '2028-02-01',
      to: '2028-02-29',
    });
    expect(periodContaining('month', '2026-02-28')).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(periodContaining('month', '2026-12-31')).toEqual({
      from: '2026-12-01',
      to: '2026-12-31',
    });
    expect(periodContaining('day', '2026-03-03')).toEqual({ from: '2026-03-03', to: '2026-03-03' });
  });

  it('accepts a range of one day up to 366 days and refuses the rest clearly', () => {
    expect(checkedRange('2026-03-01', '2026-03-03')).toEqual({
      from: '2026-03-01',
      to: '2026-03-03',
    });
    expect(checkedRange('2028-01-01', '2028-12-31')).toEqual({
      from: '2028-01-01',
      to: '2028-12-31',
    });
    expect(refusal(() => checkedRange('2026-01-01', '2027-01-02'))).toBe('range_too_long');
    expect(refusal(() => checkedRange('2026-03-03', '2026-03-01'))).toBe('range_reversed');
    expect(refusal(() => checkedRange('2026-02-30', '2026-03-01'))).toBe('invalid_date');
    expect(refusal(() => checkedRange('yesterday', '2026-03-01'))).toBe('invalid_date');
  });
});
