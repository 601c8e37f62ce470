import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../functions/services';
import { batchGet, commit, documentClient } from '#shared/dynamo';
import { createTables } from '../../test/support/tables';
import { CallProfiler, describeProfile } from './call-profile';

/** The close bench's profiler against DynamoDB Local: calls, items and transaction sizes. */
let table: string;
let profiler: CallProfiler;
beforeAll(async () => {
  const [created] = await createTables(SERVICES.slice(0, 1));
  table = created!.name;
  profiler = new CallProfiler();
});

const put = (pk: string) => ({ Put: { TableName: table, Item: { pk, sk: 'ITEM' } } });

describe('CallProfiler', () => {
  it('counts calls and items by operation, and transactions by their size', async () => {
    const before = profiler.snapshot();
    await commit([put('profile#a'), put('profile#b'), put('profile#c')]);
    await commit([put('profile#d'), put('profile#e'), put('profile#f')]);
    // One item alone is a plain conditional write, not a transaction (shared/dynamo.ts).
    await commit([put('profile#g')]);
    await documentClient.send(
      new PutCommand({ TableName: table, Item: { pk: 'profile#h', sk: 'ITEM' } }),
    );
    await documentClient.send(
      new GetCommand({ TableName: table, Key: { pk: 'profile#a', sk: 'ITEM' } }),
    );
    await batchGet(
      table,
      [
        { pk: 'profile#a', sk: 'ITEM' },
        { pk: 'profile#b', sk: 'ITEM' },
      ],
      { consistent: true },
    );
    const used = profiler.since(before);
    expect(used.transactionSizes).toEqual({ 3: 2 });
    expect(used.operations).toMatchObject({
      TransactWriteItems: { calls: 2, items: 6 },
      PutItem: { calls: 2, items: 2 },
      GetItem: { calls: 1, items: 0 },
      BatchGetItem: { calls: 1, items: 2 },
    });
    for (const op of Object.values(used.operations)) expect(op.ms).toBeGreaterThan(0);
    expect(describeProfile(used, 7, 'item').at(-1)).toBe('  transactions by size: 2×3');
  });
});
