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

export class MailBusyError extends Error {
  constructor(payoutId: string) {
    super(`another delivery is sending the e-mail of payout ${payoutId}; retried later`);
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
