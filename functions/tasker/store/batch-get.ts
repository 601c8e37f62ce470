import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#shared/dynamo';

type Key = { pk: string; sk: string };
const BATCH_GET_LIMIT = 100;

/**
 * Reads many items by key. BatchGetItem may hand back keys it did not get to (throttling, 16 MB):
 * those are asked for again until none are left, so a missing item really is missing.
 */
export async function batchGet(
  tableName: string,
  itemKeys: readonly Key[],
  consistent: boolean,
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < itemKeys.length; i += BATCH_GET_LIMIT) {
    let pending: Key[] = itemKeys.slice(i, i + BATCH_GET_LIMIT);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      if (attempt > 8) throw new Error(`BatchGetItem left ${pending.length} keys unread`);
      const { Responses, UnprocessedKeys } = await documentClient.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: consistent } },
        }),
      );
      found.push(...(Responses?.[tableName] ?? []));
      pending = (UnprocessedKeys?.[tableName]?.Keys as Key[] | undefined) ?? [];
    }
  }
  return found;
}
