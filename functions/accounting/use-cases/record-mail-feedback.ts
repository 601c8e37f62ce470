import type { Changes } from '#shared/unit-of-work/changes';
import { logger } from '#shared/logger';
import type { AccountingDeps } from '../domain/ports';
import { afterFeedback, normalEmail, type MailFeedback } from '../domain/suppression';

/**
 * The reaction to SES's bounce or complaint (one event may name several recipients): each
 * address is suppressed from then on, until an admin clears it.
 * 1. read the addresses' records. 2. decide (domain/suppression.ts): feedback no later than
 * what is recorded changes nothing, feedback older than a clear leaves the address cleared.
 * 3. record (guard `suppression_unchanged`: a race is read again by the consumer).
 */
export async function recordMailFeedback(
  deps: AccountingDeps,
  feedback: readonly MailFeedback[],
  changes: Changes,
): Promise<void> {
  const normal = feedback.map((f) => ({ ...f, email: normalEmail(f.email) }));
  const current = await deps.suppressions.findMany(normal.map((f) => f.email));
  const next = new Map(current);
  for (const report of normal) {
    const after = afterFeedback(next.get(report.email), report);
    if (after) next.set(report.email, after);
  }
  for (const [email, suppression] of next) {
    if (suppression === current.get(email)) continue;
    deps.suppressions.recorded(changes, suppression, current.get(email));
    // The address is not logged: the reason and time say what happened, the admin list says whom.
    logger.warn('SES feedback suppresses an address for payout e-mails', {
      reason: suppression.reason,
      detail: suppression.detail,
      feedback_at: suppression.feedbackAt,
    });
  }
}
