import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, documentClient, type ItemKey } from '#shared/dynamo';

export type Key = ItemKey;
type Item = Record<string, unknown>;

/** One item, read consistently: every decision about money is made on the latest write. */
export async function getItem(table: string, key: Key): Promise<Item | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
  );
  return Item;
}

/** Many items by key, consistently (see `getItem`). */
export const getItems = (table: string, itemKeys: readonly Key[]): Promise<Item[]> =>
  batchGet(table, itemKeys, { consistent: true });
