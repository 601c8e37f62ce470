import { StandardRetryStrategy } from '@smithy/core/retry';
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
    const next = await super.refreshRetryTokenForRetry(token, errorInfo);
    if (!retryFits(next.getRetryDelay())) {
      throw new Error('no time left in this invocation for another retry');
    }
    return next;
  }
}
