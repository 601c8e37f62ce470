import { afterEach, describe, expect, it, vi } from 'vitest';
import { BudgetedRetryStrategy, longestBackoffMs } from './budgeted-retries';
import { withinInvocation } from './time/invocation-budget';

const throttled = { errorType: 'THROTTLING' as const };

/** Whether `promise` has settled once every timer due now has run (none later). */
async function settledNow(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await vi.advanceTimersByTimeAsync(0);
  return settled;
}

/** The first retry after a throttled request, in an invocation with `remainingMs` left. */
function firstThrottledRetryWith(remainingMs: number) {
  const strategy = new BudgetedRetryStrategy(6);
  return withinInvocation({ getRemainingTimeInMillis: () => remainingMs }, async () =>
    strategy.refreshRetryTokenForRetry(
      await strategy.acquireInitialRetryToken('dynamodb'),
      throttled,
    ),
  );
}

afterEach(() => vi.useRealTimers());

describe('BudgetedRetryStrategy', () => {
  it('refuses a throttled retry whose longest backoff would not fit, before waiting any of it', async () => {
    vi.useFakeTimers();
    // 1.9 s left: the answer's reserve (1 s) leaves 0.9 s, and a first throttled retry may wait
    // up to 1 s. The SDK sleeps its backoff inside refreshRetryTokenForRetry, so a check after
    // it would come only once the wait had run.
    const refused = firstThrottledRetryWith(1_900);
    expect(await settledNow(refused)).toBe(true);
    await expect(refused).rejects.toThrow('no time left in this invocation for another retry');
  });

  it('makes the retry, after the SDK’s own backoff, when the longest backoff fits', async () => {
    vi.useFakeTimers();
    const retried = firstThrottledRetryWith(30_000);
    await vi.advanceTimersByTimeAsync(longestBackoffMs(0, 'THROTTLING'));
    expect((await retried).getRetryCount()).toBe(1);
  });

  it('bounds the wait as the SDK draws it: 1 s doubling for throttling, 50 ms otherwise, 20 s at most', () => {
    expect(longestBackoffMs(0, 'THROTTLING')).toBe(1_000);
    expect(longestBackoffMs(3, 'THROTTLING')).toBe(8_000);
    expect(longestBackoffMs(6, 'THROTTLING')).toBe(20_000);
    expect(longestBackoffMs(2, 'TRANSIENT')).toBe(200);
  });
});
