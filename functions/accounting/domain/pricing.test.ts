import { describe, expect, it } from 'vitest';
import { rollPrice } from './pricing';

describe('pricing', () => {
  it('rolls whole dollars: a fee of $10–$20 and a reward of $20–$40, both ends reachable', () => {
    expect(rollPrice(() => 0)).toEqual({ fee: 1000, reward: 2000 });
    expect(rollPrice((max) => max - 1)).toEqual({ fee: 2000, reward: 4000 });
    const seen = { fees: new Set<number>(), rewards: new Set<number>() };
    for (let i = 0; i < 2000; i++) {
      const price = rollPrice((max) => Math.floor(Math.random() * max));
      expect(price.fee % 100).toBe(0);
      expect(price.reward % 100).toBe(0);
      seen.fees.add(price.fee);
      seen.rewards.add(price.reward);
    }
    expect(Math.min(...seen.fees)).toBe(1000);
    expect(Math.max(...seen.fees)).toBe(2000);
    expect(seen.fees.size).toBe(11);
    expect(seen.rewards.size).toBe(21);
  });

  it('asks the random source for the number of whole-dollar choices', () => {
    const asked: number[] = [];
    rollPrice((max) => {
      asked.push(max);
      return 0;
    });
    expect(asked).toEqual([11, 21]);
  });
});
