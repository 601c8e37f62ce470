import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { AccountingError } from '../domain/errors';
import type { AccountingDeps } from '../domain/ports';
import { afterClear, isSuppressed, normalEmail, type Suppression } from '../domain/suppression';
import { suppressionView } from './list-suppressions';

/** How often a clear reads again when feedback for the address was recorded meanwhile. */
const CLEAR_ATTEMPTS = 3;

/**
 * An admin clears a suppressed address: payout e-mails go to it again, and only feedback SES
 * reports after this moment suppresses it again.
 * 1. read the record; none, or not suppressed: 404. 2. record the clear, now (guard
 * `suppression_unchanged`; lost to new feedback: read again).
 */
export async function clearSuppression(
  deps: AccountingDeps,
  input: { email: string; clearedBy: string },
  context: { correlationId: string },
): Promise<ReturnType<typeof suppressionView>> {
  const email = normalEmail(input.email);
  for (let attempt = 1; ; attempt++) {
    const current = await deps.suppressions.find(email);
    if (!isSuppressed(current)) {
      throw new AccountingError('suppression_not_found', `${email} is not suppressed`);
    }
    const now = deps.clock();
    const cleared: Suppression = afterClear(current!, now, input.clearedBy);
    const changes = deps.unitOfWork.begin({ correlationId: context.correlationId, now });
    deps.suppressions.recorded(changes, cleared, current);
    try {
      await deps.unitOfWork.commit(changes);
      return suppressionView(cleared);
    } catch (error) {
      const raced = error instanceof ConditionsFailed && error.failed('suppression_unchanged');
      if (!raced || attempt >= CLEAR_ATTEMPTS) throw error;
    }
  }
}
