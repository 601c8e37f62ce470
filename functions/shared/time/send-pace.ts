import { retryFits } from './invocation-budget';
import { pause } from './pause';

/** A send that would have to wait past the invocation's budget for its turn. */
export class NoTurnInTimeError extends Error {
  constructor(waitMs: number) {
    super(
      `the next turn at this send rate is ${Math.ceil(waitMs)} ms away, past this invocation's budget; retried later`,
    );
    this.name = 'NoTurnInTimeError';
  }
}

/**
 * Turns at most `perSecond` a second in this process, evenly spaced: each caller waits for the
 * next free turn. A turn that would start too near the invocation's deadline is not taken
 * (invocation-budget.ts): the caller gets {@link NoTurnInTimeError} and its work is retried.
 */
export class SendPace {
  private next = 0;

  constructor(readonly perSecond: number) {
    if (!(perSecond > 0)) throw new Error(`a send rate must be positive, not ${perSecond}`);
  }

  async turn(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    if (!retryFits(at - now)) throw new NoTurnInTimeError(at - now);
    this.next = at + 1000 / this.perSecond;
    if (at > now) await pause(at - now);
  }
}
