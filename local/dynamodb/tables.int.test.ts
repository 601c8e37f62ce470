// @no-engine: it adds an index on an engine of its own (test/support/heavy.ts)
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountingService } from '../../functions/accounting/service';
import { requireTier } from '../../test/support/tiers';
import { freePort } from '../cloud/free-port';
import { startDynamoDbLocal } from './dynamodb-local';
import { ensureTable } from './tables';

/**
 * An engine of its own, as `npm start` has on kept data: on the suite's shared engines, which
 * hold hundreds of other files' tables, DynamoDB Local left the added index CREATING (not
 * backfilling) for the whole test timeout, while on a fresh engine it is ACTIVE in milliseconds.
 */
let engine: Awaited<ReturnType<typeof startDynamoDbLocal>>;
let client: DynamoDBClient;
beforeAll(async () => {
  engine = await startDynamoDbLocal({ port: await freePort() });
  client = new DynamoDBClient({ endpoint: engine.endpoint });
}, 60_000);
afterAll(async () => {
  client?.destroy();
  await engine?.stop();
});

describe('a local table kept from before an index was declared', () => {
  it('gains the index, as declared and filled with the items that carry its keys', async () => {
    requireTier('integration', 'creates DynamoDB Local tables');
    const name = `kept-${randomUUID()}`;
    const [kept, added] = accountingService.table.indexes;
    const before = {
      ...accountingService,
      table: { ...accountingService.table, indexes: [kept!] },
    };
    await ensureTable(client, name, before);
    const documents = DynamoDBDocumentClient.from(client);
    const keys = { [`${added!.name}pk`]: 'TASK#t', [`${added!.name}sk`]: '2026-03-03T09:00:00Z#e' };
    await documents.send(
      new PutCommand({ TableName: name, Item: { pk: 'A', sk: 'B', entry_id: 'e', ...keys } }),
    );

    await ensureTable(client, name, accountingService);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const index = Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === added!.name);
    expect(index?.Projection).toEqual({
      ProjectionType: 'INCLUDE',
      NonKeyAttributes: [...(added!.projection as readonly string[])],
    });
    const { Items } = await documents.send(
      new QueryCommand({
        TableName: name,
        IndexName: added!.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': `${added!.name}pk` },
        ExpressionAttributeValues: { ':pk': 'TASK#t' },
      }),
    );
    expect(Items?.map((item) => item.entry_id)).toEqual(['e']);
  });
});
