import type { MovementBasis, MovementKey, MovementReads } from '../../domain/ports';
import type { MemoryBalanceStore, MemoryDayTopStore } from './analytics-stores';

/** A movement's reads from the memory stores' tables, as they stand. */
export class MemoryMovementReads implements MovementReads {
  constructor(
    private readonly balances: MemoryBalanceStore,
    private readonly tops: MemoryDayTopStore,
  ) {}

  async basisOf({ accountId, topOn }: MovementKey): Promise<MovementBasis> {
    return {
      account: this.balances.accounts.get(accountId) ?? { days: [], version: 0 },
      dayTop: topOn === undefined ? undefined : this.tops.tops.get(topOn),
    };
  }
}
