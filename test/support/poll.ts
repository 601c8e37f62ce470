/**
 * Reads `read()` every `intervalMs` until `done(value)` holds and returns that value; at the
 * deadline it fails, naming what it waited for and the last value it saw. The one way tests
 * wait for asynchronous work (a reshuffle job, a close, a queue), so that no wait can end
 * quietly and let the test go on as if the work had finished. `vi.waitFor` is the same for an
 * assertion that eventually passes.
 */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() >= deadline)
      throw new Error(
        `${what}: not done after ${timeoutMs / 1000} s; last seen ${JSON.stringify(value)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
