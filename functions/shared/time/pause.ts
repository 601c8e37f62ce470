/** Waits `ms` milliseconds. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The wait before retry `attempt` (1, 2, …) of a write that lost a race: between `baseMs` and
 * `baseMs + spreadMs`, times the attempt, so writers that collided fall out of step.
 */
export const racePause = (attempt: number, baseMs: number, spreadMs: number) =>
  pause((baseMs + Math.random() * spreadMs) * attempt);
