import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../functions/services';
import { commit, ConditionsFailed, documentClient, guarded } from '#shared/dynamo';
import { HandlerLoader } from '../../local/lambda/handler-loader';
import { createTables } from '../../test/support/tables';
import { billableOf, dollarsOf, perUnit } from './cost-model';
import { indexesByTable } from './index-writes';
import { PRICES } from './prices';
import { RequestMeter, unitsOf, type Usage } from './request-meter';

/**
 * The cost block's meter against DynamoDB Local: it must count what the calls really were
 * (items, transactional writes at two units, refused writes, read units by size and
 * consistency) and every handler invocation, since the cost model is only as good as the count.
 */
const stats = { published: 0, delivered: 0, unmatched: 0 };
let table: string;
let meter: RequestMeter;
beforeAll(async () => {
  const service = SERVICES[0]!;
  const [created] = await createTables([service]);
  table = created!.name;
  // The one meter of the process (its middleware replaces any other), imaging this table's
  // writes for its indexes: the images are its own reads, so no other count may move.
  meter = new RequestMeter({ bus: { stats } } as never, {
    indexes: indexesByTable([service], { [service.domain]: table }),
  });
});

const put = (pk: string, extra: Record<string, unknown> = {}) => ({
  Put: { TableName: table, Item: { pk, sk: 'ITEM', ...extra } },
});

describe('RequestMeter', () => {
  it('counts a transaction at two write units per item, and a refused one as billed too', async () => {
    const before = meter.snapshot();
    await commit([
      put('meter#a'),
      put('meter#b'),
      {
        Update: {
          TableName: table,
          Key: { pk: 'meter#a', sk: 'OTHER' },
          UpdateExpression: 'SET n = :n',
          ExpressionAttributeValues: { ':n': 1 },
        },
      },
    ]);
    const itemIsNew = guarded('item_is_new', {
      Put: { ...put('meter#a').Put, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    await expect(commit([itemIsNew, put('meter#c')])).rejects.toBeInstanceOf(ConditionsFailed);
    // One item alone is a conditional PutItem: one unit, billed when refused too.
    await expect(commit([itemIsNew])).rejects.toBeInstanceOf(ConditionsFailed);
    const used = meter.since(before);
    expect(used.dynamoCalls).toEqual({ TransactWriteItems: 2, PutItem: 1 });
    expect(used.dynamoFailedCalls).toEqual({ TransactWriteItems: 1, PutItem: 1 });
    expect(used.dynamoFailedReasons).toEqual({
      'TransactWriteItems ConditionalCheckFailed on meter put': 1,
      'PutItem ConditionalCheckFailedException': 1,
    });
    expect(used.dynamoWriteItems).toBe(6);
    expect(used.dynamoWriteUnits).toBe(11);
    expect(used.dynamoWriteUnitsByTable).toEqual({ [table]: 11 });
  });

  it('counts a write by its size in KB and reads by size and consistency', async () => {
    const before = meter.snapshot();
    await documentClient.send(
      new PutCommand({
        TableName: table,
        Item: { pk: 'meter#big', sk: 'ITEM', text: 'x'.repeat(2500) },
      }),
    );
    await documentClient.send(
      new GetCommand({ TableName: table, Key: { pk: 'meter#a', sk: 'ITEM' } }),
    );
    await documentClient.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'meter#a' },
        ConsistentRead: true,
      }),
    );
    const used = meter.since(before);
    expect(used.dynamoCalls).toEqual({ PutItem: 1, GetItem: 1, Query: 1 });
    expect(used.dynamoWriteUnits).toBe(3);
    // An eventually consistent GetItem is half a unit; a consistent Query of two small items one.
    expect(used.dynamoReadItems).toBe(3);
    expect(used.dynamoReadUnits).toBe(1.5);
  });

  it('counts each key a BatchGetItem reads as a GetItem: a key that finds nothing the minimum', async () => {
    await documentClient.send(
      new PutCommand({
        TableName: table,
        Item: { pk: 'meter#batch-big', sk: 'ITEM', text: 'x'.repeat(5000) },
      }),
    );
    const before = meter.snapshot();
    const batchGet = (pks: string[], consistent: boolean) =>
      documentClient.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: { Keys: pks.map((pk) => ({ pk, sk: 'ITEM' })), ConsistentRead: consistent },
          },
        }),
      );
    // Consistent: two small items (1 each), one of 5 KB (2), two keys that find nothing (1 each).
    await batchGet(['meter#a', 'meter#b', 'meter#batch-big', 'meter#none-1', 'meter#none-2'], true);
    // Eventually consistent: half of that, for one small item and one key that finds nothing.
    await batchGet(['meter#a', 'meter#none-3'], false);
    // A GetItem that finds nothing: the minimum too.
    await documentClient.send(
      new GetCommand({ TableName: table, Key: { pk: 'meter#none-4', sk: 'ITEM' } }),
    );
    const used = meter.since(before);
    expect(used.dynamoCalls).toEqual({ BatchGetItem: 2, GetItem: 1 });
    expect(used.dynamoReadItems).toBe(4);
    expect(used.dynamoReadUnits).toBe(6 + 1 + 0.5);
    // By kind: every key's units under its prefix, and they add up to the whole.
    const byRead = Object.fromEntries(
      Object.entries(used.dynamoReadUnitsByKind).map(([key, n]) => [key.split(' · ')[2], n]),
    );
    expect(byRead).toEqual({ 'BatchGetItem meter': 6 + 1, 'GetItem meter': 0.5 });
  });

  it('bills no key a BatchGetItem hands back unprocessed: it was not read', () => {
    const keys = ['a', 'b', 'c', 'd'].map((pk) => ({ pk, sk: 'ITEM' }));
    const input = { RequestItems: { t: { Keys: keys, ConsistentRead: true } } };
    const output = {
      Responses: { t: [{ ...keys[0], n: 1 }] },
      UnprocessedKeys: { t: { Keys: keys.slice(2), ConsistentRead: true } },
    };
    // One found (1), one that finds nothing (1), two unprocessed (0).
    expect(unitsOf('BatchGetItem', input, output)).toMatchObject({ readItems: 1, readUnits: 2 });
    // Refused as a whole (throttled): nothing read.
    expect(unitsOf('BatchGetItem', input, undefined)).toMatchObject({ readUnits: 0 });
  });

  it("counts the index writes AWS bills for each write's change, beside the table's", async () => {
    const before = meter.snapshot();
    const indexed = (pk: string, gsi1pk: string, extra: Record<string, unknown> = {}) =>
      put(pk, { gsi1pk, gsi1sk: pk, ...extra });
    // A transaction: an item that enters the index (1), one that never does (0).
    await commit([indexed('meter#i1', 'OWNER#a'), put('meter#plain')]);
    // An update that moves the item to another index key: a delete and a put (2).
    const move = (gsi1pk: string) =>
      new UpdateCommand({
        TableName: table,
        Key: { pk: 'meter#i1', sk: 'ITEM' },
        UpdateExpression: 'SET gsi1pk = :k',
        ExpressionAttributeValues: { ':k': gsi1pk },
      });
    await documentClient.send(move('OWNER#b'));
    // The same value again changes nothing: no index write (0).
    await documentClient.send(move('OWNER#b'));
    // A projected attribute changes under the same key: one put (1); a 2.5 KB entry: 3.
    await documentClient.send(
      new PutCommand({ TableName: table, Item: indexed('meter#i1', 'OWNER#b', { n: 2 }).Put.Item }),
    );
    await documentClient.send(
      new PutCommand({
        TableName: table,
        Item: indexed('meter#i2', 'OWNER#c', { text: 'x'.repeat(2500) }).Put.Item,
      }),
    );
    // A refused write changes no item and no index (0), though the table bills it.
    const itemIsNew = guarded('item_is_new', {
      Put: {
        ...indexed('meter#i2', 'OWNER#d').Put,
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    await expect(commit([itemIsNew, put('meter#other')])).rejects.toBeInstanceOf(ConditionsFailed);
    const used = meter.since(before);
    expect(used.dynamoIndexWriteUnits).toBe(1 + 2 + 1 + 3);
    expect(used.dynamoIndexWriteUnitsByTable).toEqual({ [table]: 7 });
    expect(Object.values(used.dynamoIndexWriteUnitsByKind).reduce((a, b) => a + b, 0)).toBe(7);
    // The images were the meter's own reads: only the six requests above are counted.
    expect(used.dynamoCalls).toEqual({ TransactWriteItems: 2, UpdateItem: 2, PutItem: 2 });
    expect(used.dynamoReadUnits).toBe(0);
    expect(billableOf(used, SERVICES).dynamoIndexWriteUnits).toBe(7);
  });

  it('counts every handler invocation the local cloud makes, by function name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meter-'));
    const file = join(dir, 'handler.mjs');
    writeFileSync(file, 'export const handler = async () => "ok";\n');
    const loader = new HandlerLoader(dir);
    const before = meter.snapshot();
    stats.published += 3;
    stats.delivered += 5;
    await loader.invoke(file, { domain: 'tasker', name: 'consumer' }, {});
    await loader.invoke(file, { domain: 'tasker', name: 'consumer' }, {});
    await loader.invoke(file, { domain: 'auth', name: 'login' }, {});
    const used = meter.since(before);
    expect(
      Object.fromEntries(Object.entries(used.lambda).map(([k, v]) => [k, v.invocations])),
    ).toEqual({
      'ates-tasker-consumer': 2,
      'ates-auth-login': 1,
    });
    expect(used.eventEntries).toBe(3);
    expect(used.queueDeliveries).toBe(5);
  });
});

describe('the cost model', () => {
  const usage: Usage = {
    dynamoCalls: {},
    dynamoFailedCalls: {},
    dynamoFailedReasons: {},
    dynamoWriteUnitsByTable: {},
    dynamoWriteItemsByKind: {},
    dynamoWriteUnitsByKind: {},
    dynamoWriteItemsByHandler: {},
    dynamoWriteItems: 0,
    dynamoReadItems: 0,
    dynamoWriteUnits: 1_000_000,
    dynamoIndexWriteUnits: 1_000_000,
    dynamoIndexWriteUnitsByTable: {},
    dynamoIndexWriteUnitsByKind: {},
    dynamoReadUnits: 1_000_000,
    dynamoReadUnitsByKind: {},
    lambda: {
      'ates-auth-login': { invocations: 10, ms: 10_000 },
      'ates-tasker-consumer': { invocations: 4, ms: 8_000 },
      'ates-tasker-relay': { invocations: 6, ms: 0 },
    },
    eventEntries: 7,
    queueDeliveries: 9,
  };

  it('bills routes as HTTP requests, consumer batches as a receive and a delete, memory as declared', () => {
    const billable = billableOf(usage, SERVICES, 2);
    expect(billable.httpRequests).toBe(10);
    expect(billable.lambdaInvocations).toBe(20);
    expect(billable.sqsRequests).toBe(9 + 2 * 4);
    // login at 1024 MB for 10 s, the consumer at the default 128 MB for 8 s.
    expect(billable.lambdaGbSeconds).toBeCloseTo(10 + 1, 6);
    expect(billable.lambdaGbSecondsAssumed).toBeCloseTo(10 * 0.1 * 1 + 10 * 0.1 * 0.125, 6);
    const dollars = dollarsOf(billable);
    // Index write units are billed at the table's price.
    expect(dollars.dynamodb).toBeCloseTo(2 * 0.625 + 0.125, 9);
    expect(dollars.ses).toBeCloseTo(2 * PRICES.sesEmail, 12);
    expect(dollars.total).toBeCloseTo(
      dollars.dynamodb +
        dollars.eventbridge +
        dollars.sqs +
        dollars.lambda +
        dollars.apigateway +
        dollars.ses,
      12,
    );
    expect(perUnit(billable, 2).httpRequests).toBe(5);
  });
});
