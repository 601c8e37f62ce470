import type { Context } from 'aws-lambda';
import { contextSlot } from '../async-context';

/**
 * Time kept back from the invocation's deadline when deciding whether one more retry fits: the
 * retried request itself, then answering (an HTTP error, a batch's failures) must still fit
 * before Lambda ends the invocation.
 */
export const ANSWER_RESERVE_MS = 1000;

/**
 * The invocation the running code belongs to: its deadline (epoch ms) and its length (the time it
 * had when it began, about the function's timeout).
 */
const invocations = contextSlot<{ deadline: number; lengthMs: number }>('invocation time');

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
  return invocations.run({ deadline: Date.now() + remaining, lengthMs: remaining }, work);
}

/**
 * Whether waiting `delayMs` and trying again still leaves {@link ANSWER_RESERVE_MS} before the
 * deadline. Outside an invocation (a script, a test without a context) there is no deadline.
 */
export function retryFits(delayMs: number): boolean {
  const deadline = invocations.getStore()?.deadline;
  return deadline === undefined || Date.now() + delayMs + ANSWER_RESERVE_MS <= deadline;
}

/** What is left of the running invocation, and how long it was when it began. */
export interface InvocationTime {
  remainingMs: number;
  lengthMs: number;
}

/**
 * The running invocation's time (Lambda's `getRemainingTimeInMillis`, as seen from any code it
 * awaits), or undefined outside one: work that comes in steps (a close chunk's pages) stops
 * starting steps before the deadline nears.
 */
export function invocationTime(): InvocationTime | undefined {
  const invocation = invocations.getStore();
  return (
    invocation && {
      remainingMs: invocation.deadline - Date.now(),
      lengthMs: invocation.lengthMs,
    }
  );
}

/**
 * Work refused because too little of its invocation is left to do it: nothing was written, and
 * the consumer hands the message back to come again in seconds, in an invocation of its own.
 */
export class NotEnoughTimeError extends Error {
  constructor(what: string, time: InvocationTime) {
    super(
      `${what}: ${time.remainingMs} ms left of this invocation's ${time.lengthMs} ms; handed back`,
    );
    this.name = 'NotEnoughTimeError';
  }
}
