import type { Changes } from '#shared/unit-of-work/changes';

/** The payout e-mails' ports: the mail log (reserve → send → confirm) and the mailer (SES). */
export type MailReservation =
  | { kind: 'reserved'; token: string }
  | { kind: 'sent' }
  /** SES rejected the recipient for good: the payout is recorded undeliverable, never resent. */
  | { kind: 'undeliverable' }
  | { kind: 'busy' };

/** Reserve → send → confirm: one payout e-mail, even if its request is delivered twice at once. */
export interface MailLog {
  reserve(payoutId: string, now: Date, leaseMs: number): Promise<MailReservation>;
  /** Reserves many at once: one transaction when all are free, else each on its own. */
  reserveMany(
    payoutIds: readonly string[],
    now: Date,
    leaseMs: number,
  ): Promise<Map<string, MailReservation>>;
  release(payoutId: string, token: string): Promise<void>;
  /** Sent: the reservation ends. Guard `reservation_is_ours`: the token is still ours. */
  sent(changes: Changes, payoutId: string, token: string, messageId: string, now: Date): void;
  /**
   * SES rejected the e-mail for good, with why: it is never sent again. Guard
   * `reservation_is_ours`.
   */
  undeliverable(changes: Changes, payoutId: string, token: string, reason: string, now: Date): void;
}

/** An e-mail to send; `correlationId` goes in its headers, so the id finds the e-mail too. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  correlationId: string;
  /** What the e-mail is about (`payout:<user id>:<date>`): names it in its sending's log line. */
  reference: string;
}

export interface Mailer {
  /** The message id; throws RecipientRejectedError when SES refuses the recipient for good. */
  send(mail: OutgoingMail): Promise<string>;
}

/**
 * SES refused this e-mail for good (`MessageRejected`: in the sandbox, an unverified
 * recipient): sending it again would fail again, so the payout's e-mail is recorded undeliverable.
 */
export class RecipientRejectedError extends Error {
  constructor(readonly reason: string) {
    super(`SES rejected the e-mail: ${reason}`);
    this.name = 'RecipientRejectedError';
  }
}

/** Longer than any consumer invocation: a reservation this old belongs to a sender that died. */
export const MAIL_LEASE_MS = 10 * 60_000;

/**
 * E-mails handed to SES at once: a page's worth in a few rounds. Pages run side by side, so a
 * large close can still meet the account's SES send rate; a throttled send is released and
 * retried with the rest of what its page left (docs/accounting.md).
 */
export const MAIL_SENDS_AT_ONCE = 10;

export class NoEmailYetError extends Error {
  constructor(userId: string) {
    super(`account ${userId} has no known e-mail address yet; the payout e-mail waits for it`);
    this.name = 'NoEmailYetError';
  }
}

/**
 * An e-mail another delivery holds (a copy of the page delivered at the same time, or the page's
 * own earlier delivery still running past its timeout) is waited for, not failed at once: this
 * delivery looks at it again after 100 ms, then 200, 400, … up to 2 s apart, while its invocation
 * has time (use-cases/wait-for-other-senders.ts). The holder settles it within its own invocation:
 * sent or rejected (nothing left to do here), or released after a failed send (then this delivery
 * sends it). Why wait here rather than fail and let the queue retry: a retry is worth only what the
 * queue waits before it. On AWS that is 2, 4, 8, … s of hand-backs (about 17 minutes over ten
 * receives, past any holder's life); where queue time is compressed (the soak's 50 ms visibility,
 * hand-backs at once) ten receives pass in a fraction of a second while the holder still sends at
 * SES's pace, and the page was dead-lettered although nothing was wrong. The holder's time is real
 * time everywhere, and so is this wait. Shortening the lease instead would let a redelivery take a
 * live holder's e-mail and send it a second time.
 */
export const BUSY_LOOK_FIRST_MS = 100;
export const BUSY_LOOK_MAX_MS = 2_000;

/** The pause before look `look` (1, 2, …) at e-mails another delivery holds. */
export const busyLookPauseMs = (look: number) =>
  Math.min(BUSY_LOOK_MAX_MS, BUSY_LOOK_FIRST_MS * 2 ** (look - 1));

export class MailBusyError extends Error {
  constructor(payoutId: string, waitedMs: number) {
    super(
      `another delivery is still sending the e-mail of payout ${payoutId} after ${waitedMs} ms of waiting for it; retried later`,
    );
    this.name = 'MailBusyError';
  }
}

/**
 * The SES account's 24-hour sending quota is spent: the e-mail waits. Its reservation is freed
 * and its page handed back to the queue; the mailer asks SES again only after a while.
 */
export class DailyQuotaSpentError extends Error {
  constructor(max: number) {
    super(
      `the SES account's 24-hour sending quota (${max} e-mails) is spent; the e-mail waits for room`,
    );
    this.name = 'DailyQuotaSpentError';
  }
}

/** Some e-mails of a page were not sent; the ones that were are confirmed, the rest retried. */
export class PayoutMailsLeftError extends AggregateError {
  constructor(errors: readonly Error[], total: number, date: string) {
    super(
      errors,
      `${errors.length} of ${total} payout e-mails of ${date} are not sent yet (${errors[0]!.message}); the queue retries them`,
    );
    this.name = 'PayoutMailsLeftError';
  }
}
