import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#shared/dynamo';

type Item = Record<string, unknown>;

/**
 * Every item of a test table, page by page, read consistently; optionally only one
 * `record_type`. Tests use it to see exactly what a command wrote (or that it wrote nothing).
 */
export async function scanTable(tableName: string, recordType?: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await documentClient.send(
      new ScanCommand({
        TableName: tableName,
        ConsistentRead: true,
        ExclusiveStartKey: start,
        ...(recordType && {
          FilterExpression: 'record_type = :type',
          ExpressionAttributeValues: { ':type': recordType },
        }),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
