import { MAXIMUM_RETRY_DELAY, Retry, StandardRetryStrategy } from '@smithy/core/retry';
import { retryFits } from './time/invocation-budget';

type Token = Awaited<ReturnType<StandardRetryStrategy['refreshRetryTokenForRetry']>>;
type ErrorInfo = Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>[1];

/**
 * The SDK's standard retries (exponential backoff with full jitter, the retry quota), plus one
 * rule: a retry whose wait would end too close to the invocation's deadline is not made, and the
 * last error (the throttling) is thrown at once. So a throttled request surfaces while there is
 * still time to answer it (a 429, a batch item failure) instead of the invocation timing out
 * mid-backoff (invocation-budget.ts).
 */
export class BudgetedRetryStrategy extends StandardRetryStrategy {
  override async refreshRetryTokenForRetry(token: Token, errorInfo: ErrorInfo): Promise<Token> {
    // The check comes first: this SDK sleeps the backoff inside `super` and hands back a token
    // whose delay reads 0, so a check after it would come when the wait had already run past the
    // deadline. The longest the coming wait can be is what must fit.
    if (!retryFits(longestBackoffMs(token.getRetryCount(), errorInfo.errorType))) {
      throw new Error('no time left in this invocation for another retry');
    }
    return super.refreshRetryTokenForRetry(token, errorInfo);
  }
}

/**
 * The SDK's backoff before retry `retries + 1`: full jitter under base × 2^retries, at most
 * MAXIMUM_RETRY_DELAY; the base is `Retry.throttlingDelay()` (1 s) for throttling and
 * `Retry.delay()` (50 ms) otherwise (@smithy/core's StandardRetryStrategy).
 */
export const longestBackoffMs = (retries: number, errorType: ErrorInfo['errorType']) =>
  Math.min(
    MAXIMUM_RETRY_DELAY,
    (errorType === 'THROTTLING' ? Retry.throttlingDelay() : Retry.delay()) * 2 ** retries,
  );
