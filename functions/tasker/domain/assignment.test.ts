import { describe, expect, it } from 'vitest';
import { isAssignable, pickAssignee } from './assignment';
import { cryptoRandomInt, seededRandomInt, type RandomInt } from '#shared/random';

const workers = ['e', 'a', 'd', 'b', 'c'];

function shares(random: RandomInt, draws: number) {
  const counts = new Map<string, number>();
  for (let i = 0; i < draws; i++) {
    const picked = pickAssignee(workers, random)!;
    counts.set(picked, (counts.get(picked) ?? 0) + 1);
  }
  return workers.map((w) => (counts.get(w) ?? 0) / draws);
}

describe('random assignment', () => {
  it('gives each of 5 employees 18–22% of 10,000 assignments (fixed seed)', () => {
    for (const share of shares(seededRandomInt(20240501), 10_000)) {
      expect(share).toBeGreaterThanOrEqual(0.18);
      expect(share).toBeLessThanOrEqual(0.22);
    }
  });

  it('is as fair with the production generator (crypto.randomInt)', () => {
    // 2 percentage points is five standard deviations here: this does not flake in practice.
    for (const share of shares(cryptoRandomInt, 10_000)) {
      expect(share).toBeGreaterThanOrEqual(0.18);
      expect(share).toBeLessThanOrEqual(0.22);
    }
  });

  it('picks the same for the same seed whatever order the pool comes in', () => {
    const a = seededRandomInt(7);
    const b = seededRandomInt(7);
    const reversed = [...workers].reverse();
    for (let i = 0; i < 50; i++) expect(pickAssignee(workers, a)).toBe(pickAssignee(reversed, b));
  });

  it('has nobody to pick from an empty pool', () => {
    expect(pickAssignee([], cryptoRandomInt)).toBeUndefined();
  });

  it('assigns to active workers and accountants, never to managers, admins or the deactivated', () => {
    expect(isAssignable({ role: 'worker', active: true })).toBe(true);
    expect(isAssignable({ role: 'accountant', active: true })).toBe(true);
    expect(isAssignable({ role: 'manager', active: true })).toBe(false);
    expect(isAssignable({ role: 'admin', active: true })).toBe(false);
    expect(isAssignable({ role: 'worker', active: false })).toBe(false);
  });
});
