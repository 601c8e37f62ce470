import { describe, expect, it } from 'vitest';
import { inParallel } from './in-parallel';
import { slicesOf } from './slices';

describe('inParallel', () => {
  it('runs at most `limit` at once and answers in the items’ order', async () => {
    let running = 0;
    let most = 0;
    const answers = await inParallel([5, 1, 4, 2, 3, 0, 6], 3, async (ms, index) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running -= 1;
      return `${index}:${ms}`;
    });
    expect(most).toBe(3);
    expect(answers).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0', '6:6']);
  });

  it('does nothing for no items', async () => {
    expect(await inParallel([], 4, async () => 1)).toEqual([]);
  });
});

describe('slicesOf', () => {
  it('cuts in order, the last slice short', () => {
    expect(slicesOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(slicesOf([], 100)).toEqual([]);
  });
});
