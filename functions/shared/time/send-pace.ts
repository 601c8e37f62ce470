import { invocationTime, retryFits } from './invocation-budget';
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
 * The share of its invocation a turn leaves after it: a page of e-mails confirms what it sent in
 * a commit and answers its batch after its last turn. Without it a page could wait for turns
 * until a second before the deadline (a batch of two pages took 87.5 s of the consumer's 120 s at
 * load 30, docs/performance.md), and a commit slower than that second would die with the
 * invocation: e-mails sent, their confirmations lost, sent again once the reservations' lease ran
 * out.
 */
export const TURN_RESERVE_SHARE = 1 / 6;

/**
 * Turns at most `perSecond` a second in this process, evenly spaced: each caller waits for the
 * next free turn. A turn that would start too near the invocation's deadline (less than
 * {@link TURN_RESERVE_SHARE} of it left) is not taken (invocation-budget.ts): the caller gets
 * {@link NoTurnInTimeError} and its work is retried.
 */
export class SendPace {
  private next = 0;

  constructor(readonly perSecond: number) {
    if (!(perSecond > 0)) throw new Error(`a send rate must be positive, not ${perSecond}`);
  }

  async turn(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    if (!retryFits(at - now) || !leavesReserve(at - now)) throw new NoTurnInTimeError(at - now);
    this.next = at + 1000 / this.perSecond;
    if (at > now) await pause(at - now);
  }
}

/** Whether a turn `waitMs` from now leaves the reserve of its invocation (none outside one). */
function leavesReserve(waitMs: number): boolean {
  const time = invocationTime();
  return time === undefined || time.remainingMs - waitMs >= time.lengthMs * TURN_RESERVE_SHARE;
}
