/** The longest `retry-after` read as "a moment": a lockout's is minutes, which is an answer. */
const MOMENT_SECONDS = 5;

/**
 * Calls `call` again while it answers "try again in a moment" (429 or 503 with a `retry-after`
 * of at most 5 s: a throttled table, a function out of time), waiting as long as the answer
 * asks, as a client should; at most `tries` calls. Only for calls that are safe to repeat (a
 * sign-in): a repeated create could make a task twice. Any other answer is returned as it is.
 */
export async function triedAgainAfterMoment<T extends { status: number }>(
  tries: number,
  call: () => Promise<T>,
  retryAfterOf: (answer: T) => number,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const answer = await call();
    const seconds = retryAfterOf(answer);
    const momentary =
      (answer.status === 429 || answer.status === 503) && seconds > 0 && seconds <= MOMENT_SECONDS;
    if (!momentary || attempt >= tries) return answer;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}
