import { describe, expect, it } from 'vitest';
import { paceDelayMs, SHUFFLE_MAX_MOVES_PER_SECOND } from './shuffle-pace';

describe('the reshuffle pace', () => {
  it('keeps the moves under what one index key takes on AWS (1,000 write units a second)', () => {
    expect(SHUFFLE_MAX_MOVES_PER_SECOND).toBeLessThan(1_000);
  });

  it('waits out the rest of the time a burst of moves may take, and nothing when slower', () => {
    // 392 moves (a chunk) in 100 ms: at 800 a second they may take 490 ms.
    expect(paceDelayMs(392, 100)).toBe(390);
    expect(paceDelayMs(392, 490)).toBe(0);
    expect(paceDelayMs(392, 2_000)).toBe(0);
    expect(paceDelayMs(0, 0)).toBe(0);
  });
});
