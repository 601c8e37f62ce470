import { randomInt } from 'node:crypto';

/** An integer in [0, maxExclusive). Injected, so tests can fix the sequence with a seed. */
export type RandomInt = (maxExclusive: number) => number;

/** Production randomness: uniform and unpredictable (no modulo bias, unlike Math.random tricks). */
export const cryptoRandomInt: RandomInt = (maxExclusive) => randomInt(maxExclusive);

/** A reproducible generator (mulberry32) for tests; never used in production. */
export function seededRandomInt(seed: number): RandomInt {
  let state = seed >>> 0;
  return (maxExclusive) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(unit * maxExclusive);
  };
}
