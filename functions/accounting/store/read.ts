import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#shared/dynamo';

export type Key = { pk: string; sk: string };
type Item = Record<string, unknown>;
const BATCH_GET_LIMIT = 100;

/** One item, read consistently: every decision about money is made on the latest write. */
export async function getItem(table: string, key: Key): Promise<Item | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
  );
  return Item;
}

/**
 * Many items by key, consistently, 100 keys per call side by side. Keys BatchGetItem hands back
 * unread (throttling, 16 MB) are asked for again, so a missing item really is missing.
 */
export async function getItems(table: string, itemKeys: readonly Key[]): Promise<Item[]> {
  const batches: Key[][] = [];
  for (let i = 0; i < itemKeys.length; i += BATCH_GET_LIMIT)
    batches.push(itemKeys.slice(i, i + BATCH_GET_LIMIT));
  const pages = await Promise.all(batches.map((batch) => getBatch(table, batch)));
  return pages.flat();
}

async function getBatch(table: string, batch: Key[]): Promise<Item[]> {
  const found: Item[] = [];
  let pending = batch;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 8) throw new Error(`BatchGetItem left ${pending.length} keys unread`);
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    const { Responses, UnprocessedKeys } = await documentClient.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
    );
    found.push(...(Responses?.[table] ?? []));
    pending = (UnprocessedKeys?.[table]?.Keys as Key[] | undefined) ?? [];
  }
  return found;
}
