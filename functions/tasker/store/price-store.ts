import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DataOf } from '#events';
import type { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { documentClient, guarded } from '#shared/dynamo';
import type { PriceStore, Writes } from '../domain/ports';
import { keys } from './keys';
import { priceItemOf } from './task-items';

const noPriceYet = 'attribute_not_exists(pk)';
const storedPriceIsOlder = 'priced_at < :at';

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
  priced(priced: DataOf<typeof taskPricedV1>): Writes {
    return [
      guarded('price_is_newer', {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.price(priced.id),
            record_type: 'price',
            task_id: priced.id,
            fee_cents: priced.fee_cents,
            reward_cents: priced.reward_cents,
            priced_at: priced.priced_at,
          },
          ConditionExpression: `${noPriceYet} OR ${storedPriceIsOlder}`,
          ExpressionAttributeValues: { ':at': priced.priced_at },
        },
      }),
    ];
  }
}
