import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/**
 * Reads whole tables for the verifier (a Scan is fine here: it runs once, after the run, on a
 * local table). Its own client, pointed at the cloud's DynamoDB Local.
 */
export function tableReader(endpoint: string, region: string) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  return async function scan(tableName: string, recordType: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: tableName,
          ConsistentRead: true,
          ExclusiveStartKey: start,
          FilterExpression: 'record_type = :type',
          ExpressionAttributeValues: { ':type': recordType },
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  };
}

export type TableScan = ReturnType<typeof tableReader>;
