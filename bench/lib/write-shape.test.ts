import { describe, expect, it } from 'vitest';
import { callsFor, concurrencyOf, itemWritesOf, sampleOf, type WriteCall } from './write-shape';

const put: WriteCall = { operation: 'PutItem', items: ['Put'] };
const tx5: WriteCall = {
  operation: 'TransactWriteItems',
  items: ['Put', 'Put', 'Update', 'ConditionCheck', 'Put'],
};

describe('a write shape', () => {
  it('is sampled evenly: the same mix of calls by kind and size, about the asked item writes', () => {
    const calls = Array.from({ length: 1_000 }, (_, i) => (i % 4 === 0 ? tx5 : put));
    const sample = sampleOf(calls, 800);
    expect(itemWritesOf(sample)).toBeGreaterThanOrEqual(790);
    expect(itemWritesOf(sample)).toBeLessThanOrEqual(810);
    const share = sample.filter((c) => c === tx5).length / sample.length;
    expect(share).toBeCloseTo(0.25, 1);
  });

  it('is kept whole when it is no larger than the sample', () => {
    expect(sampleOf([put, tx5], 100)).toEqual([put, tx5]);
  });

  it('is repeated in order up to the asked item writes when shorter (a short drain), sampled when longer', () => {
    expect(callsFor([put, tx5], 20)).toEqual([put, tx5, put, tx5, put, tx5, put, tx5]);
    const long = Array.from({ length: 1_000 }, () => put);
    expect(callsFor(long, 100)).toEqual(sampleOf(long, 100));
    expect(callsFor([], 100)).toEqual([]);
  });

  it("is replayed at the writer's busy concurrency: the 95th percentile of calls in flight", () => {
    const inFlight = [...Array.from({ length: 90 }, () => 1), 6, 6, 6, 6, 6, 7, 7, 7, 7, 8];
    expect(concurrencyOf({ calls: [], inFlight, busyMs: 0 })).toBe(6);
    expect(concurrencyOf({ calls: [], inFlight: [], busyMs: 0 })).toBe(1);
  });
});
