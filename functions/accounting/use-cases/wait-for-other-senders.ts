import { logger } from '#shared/logger';
import { invocationTime } from '#shared/time/invocation-budget';
import { pause } from '#shared/time/pause';
import { TURN_RESERVE_SHARE } from '#shared/time/send-pace';
import { busyLookPauseMs, MAIL_LEASE_MS } from '../domain/mailing';
import type { MailingDeps, MailReservation } from '../domain/ports';

/** What the wait for other deliveries' e-mails ended with. */
export interface Waited {
  /**
   * Each e-mail's reservation as last seen: sent or undeliverable (its holder settled it),
   * reserved (its holder released it after a failed send: ours now), busy (still held).
   */
  reservations: ReadonlyMap<string, MailReservation>;
  waitedMs: number;
  /** A look that failed (a read or write refused): the e-mails still held fail with it. */
  lookFailed?: Error;
}

/**
 * Waits for the deliveries that hold `ids` to settle them (mailing.ts, `busyLookPauseMs`): after
 * each pause it looks at the first one still held, and once that one is no longer held at the
 * rest (a holder settles its page's e-mails in one commit, so they come free together). It stops
 * when none is held, or when a pause and a look would no longer leave the invocation the reserve
 * a send's turn keeps (send-pace.ts), so an e-mail freed by the last look can still be sent and
 * confirmed. Outside an invocation (a script, a test) there is no deadline to bound it: no wait.
 * It never throws: this delivery's own sends run beside it, and their confirmations must commit.
 */
export async function waitForOtherSenders(
  deps: MailingDeps,
  ids: readonly string[],
): Promise<Waited> {
  const reservations = new Map<string, MailReservation>(ids.map((id) => [id, { kind: 'busy' }]));
  const started = performance.now();
  const waitedMs = () => Math.round(performance.now() - started);
  let held = [...ids];
  for (let look = 1; held.length > 0 && mayWait(busyLookPauseMs(look)); look++) {
    await pause(busyLookPauseMs(look));
    const [first, ...rest] = held as [string, ...string[]];
    try {
      const seen = await deps.mailLog.reserve(first, deps.clock(), MAIL_LEASE_MS);
      reservations.set(first, seen);
      if (seen.kind === 'busy') continue;
      const others =
        rest.length > 0
          ? await deps.mailLog.reserveMany(rest, deps.clock(), MAIL_LEASE_MS)
          : new Map<string, MailReservation>();
      for (const [id, reservation] of others) reservations.set(id, reservation);
      held = rest.filter((id) => others.get(id)?.kind === 'busy');
    } catch (error) {
      return { reservations, waitedMs: waitedMs(), lookFailed: error as Error };
    }
  }
  if (ids.length > 0) {
    logger.info('waited for another delivery sending e-mails of this page', {
      waitedMs: waitedMs(),
      held: ids.length,
      stillHeld: held.length,
    });
  }
  return { reservations, waitedMs: waitedMs() };
}

/** Whether a pause of `ms` and a look after it still leave the invocation its reserve. */
function mayWait(ms: number): boolean {
  const time = invocationTime();
  return time !== undefined && time.remainingMs - ms >= time.lengthMs * TURN_RESERVE_SHARE;
}
