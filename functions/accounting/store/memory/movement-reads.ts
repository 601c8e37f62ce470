import type { MovementBasis, MovementKey, MovementReads } from '../../domain/ports';
import type { MemoryLedgerStore } from './ledger-store';
import type { MemoryPricedTaskStore } from './task-store';

/** A fee's or reward's reads from the memory stores' tables, as they stand. */
export class MemoryMovementReads implements MovementReads {
  constructor(
    private readonly ledger: MemoryLedgerStore,
    private readonly tasks: MemoryPricedTaskStore,
  ) {}

  async basisOf({ userId, taskId }: MovementKey): Promise<MovementBasis> {
    return {
      price: this.tasks.priceOf(taskId),
      account: this.ledger.tables.accounts.get(userId),
    };
  }
}
