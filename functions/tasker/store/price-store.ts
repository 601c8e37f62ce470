import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DataOf } from '#events';
import type { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { documentClient, type TransactItem } from '#shared/dynamo';
import { keys, tableName } from './table';

type Priced = DataOf<typeof taskPricedV1>;

export async function findPricedAt(taskId: string): Promise<string | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: keys.price(taskId), ConsistentRead: true }),
  );
  return Item?.priced_at as string | undefined;
}

/**
 * The price lives in its own item next to the task, so it can arrive before the task exists
 * and is merged when the task is read. The condition keeps the newest pricing if two race.
 */
export const priceItems = (priced: Priced): TransactItem[] => [
  {
    Put: {
      TableName: tableName(),
      Item: {
        ...keys.price(priced.id),
        record_type: 'price',
        task_id: priced.id,
        fee_cents: priced.fee_cents,
        reward_cents: priced.reward_cents,
        priced_at: priced.priced_at,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR priced_at < :at',
      ExpressionAttributeValues: { ':at': priced.priced_at },
    },
  },
];
