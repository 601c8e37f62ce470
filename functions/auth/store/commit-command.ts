import { commit, ConditionsFailed, isTransactionConflict, type TransactItem } from '#shared/dynamo';
import { AuthError, GUARD_REFUSALS, type Guard } from '../domain/errors';

const GUARDS_IN_ORDER = Object.keys(GUARD_REFUSALS) as Guard[];

/**
 * Commits one command's items as a transaction. A refused guard becomes the refusal its rule
 * means (domain/errors.ts); a transaction that collided with a concurrent one on the same items
 * (still, after commit's retries) is a conflict the caller may retry, not our fault. Anything else is rethrown as it is.
 */
export async function commitCommand(items: readonly TransactItem[]): Promise<void> {
  try {
    await commit(items);
  } catch (error) {
    if (error instanceof ConditionsFailed) {
      const rule = GUARDS_IN_ORDER.find((guard) => error.failed(guard));
      if (rule) throw GUARD_REFUSALS[rule]();
    }
    if (isTransactionConflict(error))
      throw new AuthError(
        'concurrent_change',
        'another change to the same accounts was committed at the same moment; try again',
      );
    throw error;
  }
}
