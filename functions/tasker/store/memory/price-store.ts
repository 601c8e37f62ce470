import type { Changes } from '#shared/unit-of-work/changes';
import type { PriceStore } from '../../domain/ports';
import type { TaskPrice } from '../../domain/task';
import type { TaskerTables } from './tables';

/** Accounting's prices of tasks, in memory. */
export class MemoryPriceStore implements PriceStore {
  constructor(private readonly tables: TaskerTables) {}

  /** Compared as DynamoDB compares the stored strings: one spelling (ISO, UTC, milliseconds). */
  priced(changes: Changes, taskId: string, price: TaskPrice, pricedAt: Date): void {
    const at = pricedAt.toISOString();
    changes.write(
      this.tables.prices.put(
        taskId,
        { ...price, priced_at: at },
        { guard: 'price_is_newer', when: (stored) => !stored || stored.priced_at < at },
      ),
    );
  }
}
