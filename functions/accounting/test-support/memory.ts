import type { Changes } from '#shared/unit-of-work/changes';
import type { MemoryUnitOfWork } from '#shared/unit-of-work/memory-unit-of-work';
import type { AccountingDeps } from '../domain/ports';
import { memoryAccountingDeps } from '../store/memory/deps';

/**
 * A reaction as the consumer runs it, on memory deps: its changes committed in one unit (the
 * event's marker, and so duplicate delivery, is the consumer's and tested there).
 */
export async function reacted(
  deps: AccountingDeps,
  reaction: (changes: Changes) => Promise<void>,
): Promise<void> {
  const changes = deps.unitOfWork.begin({ correlationId: 'use-case-test', now: deps.clock() });
  await reaction(changes);
  await deps.unitOfWork.commit(changes);
}

/** The data of every event of `name` the memory unit of work has committed so far. */
export const publishedData = (unitOfWork: MemoryUnitOfWork, name: string) =>
  unitOfWork
    .published()
    .filter((event) => event.metadata.event_name === name)
    .map((event) => event.data);

/** The invariant every ledger test ends with: each balance is the sum of its entries. */
export function balancesMatchLedgers(stores: ReturnType<typeof memoryAccountingDeps>['stores']) {
  const entries = stores.ledger.tables.entries.values();
  return stores.accounts.table
    .values()
    .every(
      (account) =>
        entries
          .filter((entry) => entry.userId === account.userId)
          .reduce((sum, entry) => sum + entry.amount, 0) === account.balance,
    );
}

export { memoryAccountingDeps };
