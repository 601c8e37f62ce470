/** Waits `ms` milliseconds. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The wait before retry `attempt` (1, 2, …) of a write that lost a race: doubling from `baseMs`
 * up to `capMs`, and a random half of it on top of the other half ("equal jitter"), so writers
 * that collided fall out of step and a burst on one item drains instead of colliding again.
 */
export const racePause = (attempt: number, baseMs: number, capMs: number) =>
  pause(racePauseMs(attempt, baseMs, capMs));

/** How long {@link racePause} would wait, for a caller that must first check the wait fits. */
export const racePauseMs = (attempt: number, baseMs: number, capMs: number) => {
  const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
};
