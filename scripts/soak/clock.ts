import { addDays, startOfBusinessDate } from '#shared/time/business-day';

const RealDate = Date;
let offsetMs = 0;

/** `Date` running `offsetMs` ahead of the real one (only `new Date()` and `Date.now()` move). */
class ShiftedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...(args as [string | number]));
  }

  static override now() {
    return RealDate.now() + offsetMs;
  }
}

/**
 * Ends the business day `today` for everything in this process — the soak runs the local cloud
 * in-process, so every function's clock, every token and the scheduler see it — by moving the
 * process's clock to a second after the next business midnight. Forward only; the returned
 * function puts the real clock back. A stand-in until the local cloud's business clock
 * (`POST /_local/clock`, issue 21) is on this branch: that is the way to end a day there.
 */
export function endTheDay(today: string, timeZone: string): () => void {
  const midnight = startOfBusinessDate(addDays(today, 1), timeZone).getTime();
  offsetMs = Math.max(offsetMs, midnight + 1_000 - RealDate.now());
  globalThis.Date = ShiftedDate as DateConstructor;
  return () => {
    globalThis.Date = RealDate;
    offsetMs = 0;
  };
}
