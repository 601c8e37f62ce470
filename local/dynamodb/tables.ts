import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import type { IndexDeclaration, ServiceDeclaration } from '#shared/declaration';

export { tableNameOf } from './table-name';

const keyAttributes = (names: readonly string[]) =>
  names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const }));

/**
 * An index as `infra/` declares it: string keys `<name>pk`/`<name>sk`, its projection (the
 * shape CloudFormation's template holds too: `infra/specs/tables.spec.ts` compares them).
 */
export const indexOf = ({ name, projection }: IndexDeclaration): GlobalSecondaryIndex => ({
  IndexName: name,
  KeySchema: [
    { AttributeName: `${name}pk`, KeyType: 'HASH' },
    { AttributeName: `${name}sk`, KeyType: 'RANGE' },
  ],
  Projection:
    projection === 'ALL'
      ? { ProjectionType: 'ALL' }
      : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection] },
});

/**
 * Creates a domain's table as `infra/` declares it: pk/sk, its GSIs, a NEW_IMAGE stream for
 * the outbox relay and TTL on `expires_at`. Creating a table that exists is a no-op, except that
 * a declared index the table lacks (a table kept under `.ates/` from before the index) is added,
 * one per update as CloudFormation adds it to a deployed table, and waited for.
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
    ...table.indexes.flatMap(({ name }) => [`${name}pk`, `${name}sk`]),
  ];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keyAttributes(keyNames),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: table.indexes.length ? table.indexes.map(indexOf) : undefined,
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
  let described = await client.send(new DescribeTableCommand({ TableName: name }));
  for (const index of table.indexes) {
    const has = (described.Table?.GlobalSecondaryIndexes ?? []).some(
      (existing) => existing.IndexName === index.name,
    );
    if (has) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: keyAttributes([`${index.name}pk`, `${index.name}sk`]),
        GlobalSecondaryIndexUpdates: [{ Create: indexOf(index) }],
      }),
    );
    described = await untilIndexActive(client, name, index.name);
  }
  return { name, streamArn: described.Table?.LatestStreamArn };
}

/** DynamoDB backfills a new index before it serves queries: wait until it says ACTIVE. */
async function untilIndexActive(client: DynamoDBClient, table: string, index: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const described = await client.send(new DescribeTableCommand({ TableName: table }));
    const status = described.Table?.GlobalSecondaryIndexes?.find(
      (existing) => existing.IndexName === index,
    )?.IndexStatus;
    if (status === 'ACTIVE') return described;
    if (Date.now() > deadline)
      throw new Error(`index ${index} of ${table} is still ${status ?? 'missing'} after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
