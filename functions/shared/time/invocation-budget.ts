import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';

/**
 * Time kept back from the invocation's deadline when deciding whether one more retry fits: the
 * retried request itself, then answering (an HTTP error, a batch's failures) must still fit
 * before Lambda ends the invocation.
 */
export const ANSWER_RESERVE_MS = 1000;

/** The deadline (epoch ms) of the invocation the running code belongs to. */
const deadlines = new AsyncLocalStorage<number>();

/**
 * Runs `work` with its invocation's deadline known to everything it awaits, so a retry below it
 * (the SDK's throttling backoff, `commit`'s) can tell whether it still fits. Per async context,
 * not per process: the local cloud runs many invocations in one process at once.
 */
export function withinInvocation<T>(
  context: Pick<Context, 'getRemainingTimeInMillis'> | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const remaining = context?.getRemainingTimeInMillis?.();
  if (remaining === undefined) return work();
  return deadlines.run(Date.now() + remaining, work);
}

/**
 * Whether waiting `delayMs` and trying again still leaves {@link ANSWER_RESERVE_MS} before the
 * deadline. Outside an invocation (a script, a test without a context) there is no deadline.
 */
export function retryFits(delayMs: number): boolean {
  const deadline = deadlines.getStore();
  return deadline === undefined || Date.now() + delayMs + ANSWER_RESERVE_MS <= deadline;
}

/**
 * The milliseconds left before the running invocation's deadline (Lambda's
 * `getRemainingTimeInMillis`, as seen from any code it awaits), or undefined outside one: work
 * that comes in steps (a close chunk's pages) stops starting steps before the deadline nears.
 */
export function remainingMs(): number | undefined {
  const deadline = deadlines.getStore();
  return deadline === undefined ? undefined : deadline - Date.now();
}

/**
 * Work refused because too little of its invocation is left to do it: nothing was written, and
 * the consumer hands the message back to come again in seconds, in an invocation of its own.
 */
export class NotEnoughTimeError extends Error {
  constructor(what: string, remaining: number, needed: number) {
    super(`${what}: ${remaining} ms left in this invocation, ${needed} ms needed; handed back`);
    this.name = 'NotEnoughTimeError';
  }
}
