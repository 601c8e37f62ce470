/**
 * An address SES reported a bounce or complaint for: payout e-mails skip it until an admin
 * clears it (docs/accounting.md, "Bounces and complaints"). Both times only ever move forward,
 * so feedback and clears may arrive in any order, any number of times, and end the same:
 * the address is suppressed exactly when its latest feedback is later than its latest clear.
 */
export interface Suppression {
  /** Lower-cased, as SES compares addresses. */
  email: string;
  /** What the latest feedback was. */
  reason: 'bounce' | 'complaint';
  /** When SES saw the latest feedback (the bounce's or complaint's own time), ISO 8601. */
  feedbackAt: string;
  /** SES's words: the bounce type and subtype, or the complaint's feedback type. */
  detail: string;
  /** When an admin last cleared it; null if never. */
  clearedAt: string | null;
  clearedBy: string | null;
}

/** Feedback SES reported for one address. */
export interface MailFeedback {
  email: string;
  reason: Suppression['reason'];
  at: Date;
  detail: string;
}

/** Addresses are compared as SES does: case-insensitively. */
export const normalEmail = (email: string) => email.trim().toLowerCase();

/** Suppressed: feedback later than the latest clear (or never cleared). */
export const isSuppressed = (suppression: Suppression | undefined): boolean =>
  suppression !== undefined &&
  (suppression.clearedAt === null || suppression.feedbackAt > suppression.clearedAt);

/**
 * The record after `feedback`, or undefined when it changes nothing: feedback no later than
 * what is recorded (a duplicate, or older feedback arriving late). Feedback older than a clear
 * is kept as the latest feedback but leaves the address cleared: the clear came after it.
 */
export function afterFeedback(
  current: Suppression | undefined,
  feedback: MailFeedback,
): Suppression | undefined {
  const at = feedback.at.toISOString();
  if (current && current.feedbackAt >= at) return undefined;
  return {
    email: normalEmail(feedback.email),
    reason: feedback.reason,
    feedbackAt: at,
    detail: feedback.detail,
    clearedAt: current?.clearedAt ?? null,
    clearedBy: current?.clearedBy ?? null,
  };
}

/** The record an admin's clear at `at` leaves: every feedback until then is forgiven. */
export function afterClear(current: Suppression, at: Date, by: string): Suppression {
  const clearedAt = at.toISOString();
  if (current.clearedAt !== null && current.clearedAt >= clearedAt) return current;
  return { ...current, clearedAt, clearedBy: by };
}
