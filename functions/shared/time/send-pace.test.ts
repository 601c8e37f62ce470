import { afterEach, describe, expect, it, vi } from 'vitest';
import { withinInvocation } from './invocation-budget';
import { NoTurnInTimeError, SendPace, TURN_RESERVE_SHARE } from './send-pace';

/** An invocation of 120 s, as the consumer's timeout gives it. */
const invocation = { getRemainingTimeInMillis: () => 120_000 };

describe('a send pace within an invocation', () => {
  // Date alone is faked: the test moves the invocation on, as a page waiting for turns would.
  afterEach(() => vi.useRealTimers());

  it('takes no turn that would leave less than its share of the invocation for what follows', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const pace = new SendPace(1000);
    await withinInvocation(invocation, async () => {
      await pace.turn();
      // Most of the invocation went by waiting for turns: a sixth, less a moment, is left.
      vi.setSystemTime(Date.now() + 120_000 * (1 - TURN_RESERVE_SHARE) + 10);
      await expect(pace.turn()).rejects.toBeInstanceOf(NoTurnInTimeError);
    });
    // A fresh invocation takes its turn at once.
    await withinInvocation(invocation, () => pace.turn());
  });
});
