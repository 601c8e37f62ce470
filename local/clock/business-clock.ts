import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';

/**
 * The local cloud's business clock: the machine's time plus an offset that only ever grows, so a
 * person can end a day and watch the payout without waiting for midnight.
 *
 * The functions read time through `new Date()` and `Date.now()` (their wiring's `clock`, the
 * outbox, jose and aws-jwt-verify checking a token's `exp`): they must not know they run locally,
 * so the offset is applied to the process's `Date` itself. Timers (`setTimeout`) keep real time.
 * What the local cloud itself times — visibility timeouts, invocation deadlines, `settled()` —
 * reads {@link realNow}, so moving the clock never shortens a wait or ends an invocation early.
 * One process, one clock: every cloud started in it shares the offset.
 */
const RealDate = globalThis.Date;
let offsetMs = 0;

/** The machine's time, whatever the business clock says. */
export const realNow = (): number => RealDate.now();

const shiftedNow = () => RealDate.now() + offsetMs;

/**
 * `Date` with `new Date()`, `Date()` and `Date.now()` on the business clock; every other use
 * (`new Date(ms)`, `Date.UTC`, `instanceof Date`, parsing) is the real `Date`'s.
 */
const ShiftedDate: DateConstructor = new Proxy(RealDate, {
  construct(target, args: unknown[], newTarget): object {
    const at = args.length === 0 ? [shiftedNow()] : args;
    return Reflect.construct(target, at, newTarget === ShiftedDate ? target : newTarget) as object;
  },
  apply() {
    return new RealDate(shiftedNow()).toString();
  },
  get(target, key, receiver) {
    if (key === 'now') return shiftedNow;
    return Reflect.get(target, key, receiver) as unknown;
  },
});

/** Puts the business clock in place with `offset` ms (a restart's saved offset, else 0). */
export function installBusinessClock(offset: number) {
  offsetMs = offset;
  globalThis.Date = ShiftedDate;
}

/** Back to the machine's time (the cloud stopped). */
export function removeBusinessClock() {
  offsetMs = 0;
  globalThis.Date = RealDate;
}

/** How far ahead of the machine the business clock is, in ms. */
export const clockOffset = () => offsetMs;

/**
 * Moves the business clock `ms` forward (never back: closes, tokens and events already carry
 * the times they were made at). Returns the time before the move.
 */
export function advanceBusinessClock(ms: number): Date {
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new RangeError('advance by a positive integer');
  const before = new RealDate(shiftedNow());
  offsetMs += ms;
  return before;
}

const savedClockSchema = z.strictObject({ offset_ms: z.number().int().min(0) });

/**
 * `.ates/clock.json`: the offset survives a restart, because the business time must not go back
 * (a day closed in the moved time would otherwise not have ended yet, and tokens would be issued
 * before ones already handed out). `--in-memory` keeps nothing: each start is on the machine's time.
 */
export class ClockFile {
  constructor(readonly path: string) {}

  load(): number {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return 0;
    }
    const saved = savedClockSchema.safeParse(JSON.parse(text));
    if (!saved.success) {
      throw new Error(`${this.path} is not a saved clock ({"offset_ms": n}); move it away`);
    }
    return saved.data.offset_ms;
  }

  save(offset: number) {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ offset_ms: offset })}\n`);
    renameSync(temporary, this.path);
  }
}
