import { describe, expect, it } from 'vitest';
import { triedAgainAfterMoment } from './momentary';

const answers = (...list: { status: number; retryAfter: number }[]) => {
  let calls = 0;
  return { call: async () => list[Math.min(calls++, list.length - 1)]!, calls: () => calls };
};

describe('a call tried again after a moment', () => {
  it('repeats a 429 or 503 whose retry-after is a moment, then returns the answer', async () => {
    const replies = answers(
      { status: 429, retryAfter: 1 },
      { status: 503, retryAfter: 1 },
      { status: 200, retryAfter: 0 },
    );
    const answer = await triedAgainAfterMoment(5, replies.call, (a) => a.retryAfter);
    expect(answer.status).toBe(200);
    expect(replies.calls()).toBe(3);
  }, 10_000);

  it('returns a lockout (minutes), a 429 without retry-after and other answers at once', async () => {
    for (const reply of [
      { status: 429, retryAfter: 900 },
      { status: 429, retryAfter: 0 },
      { status: 500, retryAfter: 1 },
    ]) {
      const replies = answers(reply);
      expect(await triedAgainAfterMoment(5, replies.call, (a) => a.retryAfter)).toBe(reply);
      expect(replies.calls()).toBe(1);
    }
  });

  it('stops after its tries and returns the last answer', async () => {
    const replies = answers({ status: 429, retryAfter: 1 });
    expect((await triedAgainAfterMoment(2, replies.call, (a) => a.retryAfter)).status).toBe(429);
    expect(replies.calls()).toBe(2);
  }, 10_000);
});
