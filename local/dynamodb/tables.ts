import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { ServiceDeclaration } from '#shared/declaration';

export { tableNameOf } from './table-name';

/**
 * Creates a domain's table as `infra/` declares it: pk/sk, its GSIs, a NEW_IMAGE stream for
 * the outbox relay and TTL on `expires_at`. Creating a table that exists is a no-op.
 */
export async function ensureTable(
  client: DynamoDBClient,
  name: string,
  service: ServiceDeclaration,
) {
  const { table } = service;
  const keyNames = [
    table.partitionKey,
    table.sortKey,
    ...table.indexes.flatMap((i) => [`${i}pk`, `${i}sk`]),
  ];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keyNames.map((AttributeName) => ({
          AttributeName,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: table.indexes.length
          ? table.indexes.map((index) => ({
              IndexName: index,
              KeySchema: [
                { AttributeName: `${index}pk`, KeyType: 'HASH' },
                { AttributeName: `${index}sk`, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            }))
          : undefined,
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const described = await client.send(new DescribeTableCommand({ TableName: name }));
  return { name, streamArn: described.Table?.LatestStreamArn };
}
