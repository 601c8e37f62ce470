import type { Changes } from '#shared/unit-of-work/changes';
import type { PriceStore } from '../../domain/ports';
import type { TaskPrice } from '../../domain/task';
import type { TaskerTables } from './tables';

/** Accounting's prices of tasks, in memory. */
export class MemoryPriceStore implements PriceStore {
  constructor(private readonly tables: TaskerTables) {}

  async pricedAt(taskId: string): Promise<string | undefined> {
    return this.tables.prices.get(taskId)?.priced_at;
  }

  priced(changes: Changes, taskId: string, price: TaskPrice, pricedAt: string): void {
    changes.write(
      this.tables.prices.put(
        taskId,
        { ...price, priced_at: pricedAt },
        { guard: 'price_is_newer', when: (stored) => !stored || stored.priced_at < pricedAt },
      ),
    );
  }
}
