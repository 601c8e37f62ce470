import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, guarded } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { PriceStore } from '../domain/ports';
import type { TaskPrice } from '../domain/task';
import { keys } from './keys';
import { priceItemOf } from './task-items';

const noPriceYet = 'attribute_not_exists(pk)';
const storedPriceIsOlder = 'priced_at < :at';
/** The price's guard: refused only when a pricing at least as new is stored already. */
export const PRICE_IS_NEWER = 'price_is_newer';

export class DynamoPriceStore implements PriceStore {
  constructor(private readonly tableName: string) {}

  async pricedAt(taskId: string): Promise<string | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: keys.price(taskId), ConsistentRead: true }),
    );
    return Item ? priceItemOf(Item).priced_at : undefined;
  }

  /**
   * The price lives in its own item next to the task, so it can arrive before the task exists
   * and is merged when the task is read. The condition keeps the newest pricing if two race.
   */
  priced(changes: Changes, taskId: string, price: TaskPrice, pricedAt: string): void {
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
            priced_at: pricedAt,
          },
          ConditionExpression: `${noPriceYet} OR ${storedPriceIsOlder}`,
          ExpressionAttributeValues: { ':at': pricedAt },
        },
      }),
    );
  }
}
