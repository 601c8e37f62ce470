import { describe, expect, it } from 'vitest';
import { cents, formatDollars, NotCentsError } from '#shared/money';

describe('money', () => {
  it('is whole cents only', () => {
    expect(cents(1250)).toBe(1250);
    expect(() => cents(12.5)).toThrow(NotCentsError);
    expect(() => cents(Number.NaN)).toThrow(NotCentsError);
  });

  it('formats dollars for people', () => {
    expect(formatDollars(cents(123456))).toBe('$1234.56');
    expect(formatDollars(cents(-500))).toBe('-$5.00');
    expect(formatDollars(cents(7))).toBe('$0.07');
  });
});
