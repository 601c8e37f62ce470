import { NotCentsError } from '#shared/money';
import { describe, expect, it } from 'vitest';
import { EARNINGS_SHARDS, managementEarnings, shardOf, shareOf } from './earnings';
import { cents } from '#shared/money';

describe("management's earnings", () => {
  it('count a fee (a negative movement) as gain and a reward (a positive one) as cost', () => {
    expect(shareOf('fine', -1500)).toEqual({ fees_cents: 1500, rewards_cents: 0 });
    expect(shareOf('reward', 3800)).toEqual({ fees_cents: 0, rewards_cents: 3800 });
    expect(managementEarnings({ fees_cents: cents(4500), rewards_cents: cents(6100) })).toBe(-1600);
  });

  it('refuse fractions of a cent', () => {
    expect(() => shareOf('fine', -10.5)).toThrow(NotCentsError);
  });

  it('put a movement always on the same shard, and spread many over all shards', () => {
    const ids = Array.from({ length: 200 }, () => crypto.randomUUID());
    expect(ids.map(shardOf)).toEqual(ids.map(shardOf));
    expect(new Set(ids.map(shardOf)).size).toBe(EARNINGS_SHARDS);
  });
});
