import { randomUUID } from 'node:crypto';
import type { Changes } from '#shared/unit-of-work/changes';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import type { MemoryUnitOfWork } from '#shared/unit-of-work/memory-unit-of-work';
import type { AccountingDeps, UserSnapshot } from '../domain/ports';
import { memoryAccountingDeps } from '../store/memory/deps';
import { MOVEMENT_IS_NEW } from '../store/movement-writes';

/**
 * A reaction as the consumer runs it, on memory deps: its changes committed in one unit. The
 * event's `EVENT#` marker is the consumer's and tested there; a fee's or reward's own marker,
 * its entry, is the store's, so a duplicate movement comes back here as `duplicate`.
 */
export async function reacted(
  deps: AccountingDeps,
  reaction: (changes: Changes) => Promise<void>,
): Promise<'applied' | 'duplicate'> {
  const changes = deps.unitOfWork.begin({ correlationId: 'use-case-test', now: deps.clock() });
  await reaction(changes);
  try {
    await deps.unitOfWork.commit(changes);
  } catch (error) {
    // As the consumer takes it (`markedBy`): a movement whose entry is there already is a
    // duplicate, refused whole, and changes nothing.
    if (error instanceof ConditionsFailed && error.failed(MOVEMENT_IS_NEW)) return 'duplicate';
    throw error;
  }
  return 'applied';
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

/** The day the use-case tests happen on, and an hour of it. */
export const DAY = '2026-03-03';
export const at = (hour: number) => `${DAY}T${String(hour).padStart(2, '0')}:00:00.000Z`;

/** A worker as Auth's user events carry them. */
export const workerSnapshot = (
  id: string,
  revision = 1,
  email = `${id}@uberpopug.test`,
): UserSnapshot => ({
  id,
  email,
  name: 'Popug',
  role: 'worker',
  active: true,
  revision,
  changed_at: at(1),
});

/** `task.assigned`'s data: `taskId` to `userId` at `assignedAt`, a new assignment by default. */
export const assignment = (
  taskId: string,
  userId: string,
  assignedAt = at(9),
  assignmentId: string = randomUUID(),
) => ({
  id: taskId,
  user_id: userId,
  assignment_id: assignmentId,
  assignment_seq: 1,
  assigned_at: assignedAt,
});
