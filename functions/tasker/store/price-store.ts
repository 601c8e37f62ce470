import { guarded } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { PriceStore } from '../domain/ports';
import type { TaskPrice } from '../domain/task';
import { keys } from './keys';

const noPriceYet = 'attribute_not_exists(pk)';
const storedPriceIsOlder = 'priced_at < :at';
/** The price's guard: refused only when a pricing at least as new is stored already. */
export const PRICE_IS_NEWER = 'price_is_newer';

export class DynamoPriceStore implements PriceStore {
  constructor(private readonly tableName: string) {}

  /**
   * The price lives in its own item next to the task, so it can arrive before the task exists
   * and is merged when the task is read. The condition keeps the newest pricing, whatever order
   * pricings arrive in: it alone decides (nothing is read first). It compares strings, so the
   * time is written in one spelling (ISO, UTC, milliseconds): as sent, `T10:30:00+02:00` (08:30
   * UTC) would sort after `T09:00:00Z` and overwrite that newer price.
   */
  priced(changes: Changes, taskId: string, price: TaskPrice, pricedAt: Date): void {
    const at = pricedAt.toISOString();
    changes.write(
      guarded(PRICE_IS_NEWER, {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.price(taskId),
            record_type: 'price',
            task_id: taskId,
            fee_cents: price.fee_cents,
            reward_cents: price.reward_cents,
            priced_at: at,
          },
          ConditionExpression: `${noPriceYet} OR ${storedPriceIsOlder}`,
          ExpressionAttributeValues: { ':at': at },
        },
      }),
    );
  }
}
