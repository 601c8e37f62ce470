import type { AccountingDeps } from '../domain/ports';
import { isSuppressed, type Suppression } from '../domain/suppression';

/** A suppression as the API shows it. */
export const suppressionView = (s: Suppression) => ({
  email: s.email,
  reason: s.reason,
  detail: s.detail,
  feedback_at: s.feedbackAt,
  suppressed: isSuppressed(s),
  cleared_at: s.clearedAt,
  cleared_by: s.clearedBy,
});

/** The addresses payout e-mails skip now, in address order (cleared ones are left out). */
export async function listSuppressions(deps: AccountingDeps) {
  const all = await deps.suppressions.all();
  return { suppressions: all.filter(isSuppressed).map(suppressionView) };
}
