import { beforeAll, describe, expect, it } from 'vitest';

type Format = typeof import('./format');
let format: Format;

beforeAll(async () => {
  // vite.config.ts defines the zone at build time; here it is set before the module loads.
  (globalThis as { __ATES_TIMEZONE__?: string }).__ATES_TIMEZONE__ = 'Europe/Moscow';
  format = await import('./format');
});

describe('money on the dashboards', () => {
  it('shows dollars with cents, and a negative with a true minus sign', () => {
    expect(format.formatCents(2300)).toBe('$23.00');
    expect(format.formatCents(5)).toBe('$0.05');
    expect(format.formatCents(-1250)).toBe('−$12.50');
    expect(format.formatCents(-123456789)).toBe('−$1,234,567.89');
    expect(format.formatCents(0)).toBe('$0.00');
  });
});

describe('dates and times in the business time zone', () => {
  it('counts today in the business zone, not the browser’s', () => {
    // 22:30 UTC on 1 March is already 2 March in Moscow (UTC+3).
    expect(format.businessToday(new Date('2026-03-01T22:30:00Z'))).toBe('2026-03-02');
    expect(format.businessToday(new Date('2026-03-01T20:59:59Z'))).toBe('2026-03-01');
  });

  it('shows an instant at its business-zone wall time', () => {
    expect(format.formatTime('2026-03-01T22:30:00Z')).toBe('01:30:00');
    expect(format.formatDateTime('2026-03-01T22:30:00Z')).toBe('2 Mar 2026, 01:30');
    expect(format.formatDateTime(null)).toBe('—');
  });

  it('names a business date without shifting it by any zone', () => {
    expect(format.formatBusinessDate('2026-03-02')).toBe('Mon, 2 Mar 2026');
  });
});
