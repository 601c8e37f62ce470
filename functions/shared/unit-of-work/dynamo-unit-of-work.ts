import { commit, isTransactionConflict, type TransactItem } from '#shared/dynamo';
import type { Refusal } from '#shared/refusal';
import type { Changes, UnitOfWork } from './changes';
import { CommitConflict, ConditionsFailed } from './commit-errors';
import { beginChanges, outboxPutsOf } from './outbox-puts';
import { refusalFor, type RefusalTable } from './refusals';

export interface DynamoUnitOfWorkOptions {
  /** The domain's table: its outbox rows live there, beside the state they record. */
  tableName: string;
  /** Refused guards the caller is told about (domain/errors.ts). */
  refusals?: RefusalTable;
  /**
   * What a transaction still colliding with another after commit's retries becomes; unset, a
   * `CommitConflict` for the use case (which may read again) or the HTTP pipeline (503, busy).
   */
  conflict?: () => Refusal;
  clock?: () => Date;
}

/** The unit of work on DynamoDB: one TransactWriteItems per commit, outbox rows included. */
export class DynamoUnitOfWork implements UnitOfWork {
  constructor(private readonly options: DynamoUnitOfWorkOptions) {}

  begin(context: { correlationId: string; now?: Date }): Changes {
    return beginChanges(context, this.options.clock);
  }

  async commit(changes: Changes): Promise<void> {
    try {
      await commit(transactItemsOf(changes, this.options.tableName));
    } catch (error) {
      if (error instanceof ConditionsFailed) {
        const refusal = refusalFor(this.options.refusals ?? {}, error.guards);
        if (refusal) throw refusal;
      }
      if (isTransactionConflict(error)) {
        throw this.options.conflict?.() ?? new CommitConflict({ cause: error });
      }
      throw error;
    }
  }
}

/** The transaction items of a unit: its writes, then an outbox row per event (or packed batch). */
export function transactItemsOf(changes: Changes, tableName: string): TransactItem[] {
  return [...changes.writes.map(asTransactItem), ...outboxPutsOf(changes, tableName)];
}

const OPERATIONS = ['Put', 'Update', 'Delete', 'ConditionCheck'] as const;

/** A write from a DynamoDB store; anything else is a wiring mistake, said plainly. */
function asTransactItem(write: unknown): TransactItem {
  const item = write as Record<string, unknown>;
  if (!OPERATIONS.some((operation) => item?.[operation] !== undefined)) {
    throw new TypeError(
      'a DynamoDB unit of work was handed a write that is not a transaction item (an in-memory store wired to DynamoDB?)',
    );
  }
  return item as TransactItem;
}
