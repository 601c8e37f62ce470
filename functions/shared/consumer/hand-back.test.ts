import { afterEach, describe, expect, it } from 'vitest';
import { handBackSeconds, queueVisibilitySeconds } from './hand-back';

describe('the hand-back delay', () => {
  const before = process.env.ATES_QUEUE_VISIBILITY_SECONDS;
  afterEach(() => {
    if (before === undefined) delete process.env.ATES_QUEUE_VISIBILITY_SECONDS;
    else process.env.ATES_QUEUE_VISIBILITY_SECONDS = before;
  });

  it('doubles with each receive from 2 s, up to 10 minutes', () => {
    expect([1, 2, 3, 10, 20].map((n) => handBackSeconds(n, 43_200))).toEqual([2, 4, 8, 600, 600]);
  });

  it("never lengthens a visibility past the queue's own (a 60 s queue: its sixth receive waits 60 s, not 64)", () => {
    expect(handBackSeconds(6, 60)).toBe(60);
    expect(handBackSeconds(5, 60)).toBe(32);
  });

  it('reads the queue visibility set where the queue is declared; a 50 ms queue hands back at once', () => {
    process.env.ATES_QUEUE_VISIBILITY_SECONDS = '0';
    expect(queueVisibilitySeconds()).toBe(0);
    expect(handBackSeconds(3)).toBe(0);
    process.env.ATES_QUEUE_VISIBILITY_SECONDS = '720';
    expect(handBackSeconds(10)).toBe(600);
    delete process.env.ATES_QUEUE_VISIBILITY_SECONDS;
    expect(handBackSeconds(10)).toBe(600);
  });
});
