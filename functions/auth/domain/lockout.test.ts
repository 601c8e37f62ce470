import { describe, expect, it } from 'vitest';
import { LOCKOUT_POLICY, secondsUntilUnlocked } from './lockout';

const now = new Date('2025-03-03T10:00:00Z');
const minutesFromNow = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('lockout policy', () => {
  it('is 5 checked passwords within 15 minutes', () => {
    expect(LOCKOUT_POLICY).toEqual({ maxAttempts: 5, windowMs: 15 * 60_000 });
  });

  it('tells how long is left, rounded up to a whole second', () => {
    expect(secondsUntilUnlocked({ attempts: 5, endsAt: minutesFromNow(14.5) }, now)).toBe(870);
    expect(secondsUntilUnlocked({ attempts: 5, endsAt: new Date(now.getTime() + 10) }, now)).toBe(
      1,
    );
  });
});
