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
    // The token's delay can read 0 while the SDK still backs off (seen with this client: retries
    // a second apart, each token saying 0), so the longest wait this retry may take is counted.
    const longestWait = Math.max(next.getRetryDelay(), longestBackoffMs(next.getRetryCount()));
    if (!retryFits(longestWait)) {
      throw new Error('no time left in this invocation for another retry');
    }
    return next;
  }
}

/** The SDK's throttling backoff: full jitter under 500 ms × 2^retries, at most 20 s. */
const THROTTLING_DELAY_BASE_MS = 500;
const MAX_DELAY_MS = 20_000;
const longestBackoffMs = (retries: number) =>
  Math.min(MAX_DELAY_MS, THROTTLING_DELAY_BASE_MS * 2 ** retries);
