import {
  DynamoDBClient,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { Faults } from './faults';
import { parseFaults } from './parse-faults';
import { ON_DEMAND_LIMITS, onDemandThrottle } from './on-demand';

/** A client whose requests the model judges; what it lets through is answered `{}`. */
function modelled(scale: number) {
  const faults = new Faults({ dynamoOnDemand: scale });
  // Table `t` has one index, `gsi2`, keyed by `gsi2pk` (as infra declares an index).
  const judge = onDemandThrottle(faults, scale, (table) => (table === 't' ? ['gsi2'] : []));
  const client = new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body?: string }) => ({
        response: judge({
          method: 'POST',
          path: '/',
          headers: request.headers,
          body: String(request.body ?? ''),
        }) ?? {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: Buffer.from('{}'),
        },
      }),
    } as never,
  });
  return { faults, client };
}

const put = (pk: string) =>
  new PutItemCommand({ TableName: 't', Item: { pk: { S: pk }, sk: { S: 'x' } } });

describe('the on-demand throttling model', () => {
  // A scale at which one key takes 2 write units a second and the table 8.
  const scale = 2 / ON_DEMAND_LIMITS.keyWrites;

  it('throttles a hot partition key with KeyRangeThroughputExceeded, and not its neighbours', async () => {
    const { client, faults } = modelled(scale);
    await client.send(put('hot'));
    await client.send(put('hot'));
    const error = await client.send(put('hot')).catch((e: unknown) => e as Error);
    expect((error as Error).name).toBe('ProvisionedThroughputExceededException');
    expect(JSON.stringify(error)).toContain('TableWriteKeyRangeThroughputExceeded');
    await client.send(put('cold')); // another key still has its own second
    expect(faults.stats.dynamoOnDemandThrottled).toBe(1);
  });

  it('charges a transaction double, and cancels it with a ThrottlingError reason', async () => {
    const { client } = modelled(scale);
    const transaction = () =>
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: 't', Item: { pk: { S: 'k' }, sk: { S: '1' } } } }],
        }),
      );
    await transaction(); // 2 units: the key's whole second
    const error = await transaction().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons?.[0]?.Code).toBe(
      'ThrottlingError',
    );
  });

  it('throttles the table past its own rate with ThrottlingException', async () => {
    const { client } = modelled(scale);
    // Eight a second: twelve at once to twelve keys, each key far under its own limit.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => client.send(put(`key-${i}`))),
    );
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : []));
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) expect(error.name).toBe('ThrottlingException');
  });

  it('throttles an index key that every write reaches, though each write has its own table key', async () => {
    const { client, faults } = modelled(scale);
    // Two tasks put under one status (the index's 2 units for this second), then moved: an
    // update that does not name the status still rewrites its entry under that status.
    const task = (id: string) => ({ pk: { S: `TASK#${id}` }, sk: { S: 'TASK' } });
    await client.send(
      new PutItemCommand({ TableName: 't', Item: { ...task('a'), gsi2pk: { S: 'STATUS#open' } } }),
    );
    await client.send(
      new PutItemCommand({ TableName: 't', Item: { ...task('b'), gsi2pk: { S: 'STATUS#open' } } }),
    );
    const error = await client
      .send(
        new UpdateItemCommand({
          TableName: 't',
          Key: task('a'),
          UpdateExpression: 'SET assignee = :who',
          ExpressionAttributeValues: { ':who': { S: 'someone' } },
        }),
      )
      .catch((e: unknown) => e as Error);
    expect((error as Error).name).toBe('ProvisionedThroughputExceededException');
    expect(JSON.stringify(error)).toContain('IndexWriteKeyRangeThroughputExceeded');
    expect(faults.onDemand.report().throttledByKeyKind).toEqual({ 't gsi2 Write STATUS#': 1 });
    expect(faults.onDemand.report().throttledByOperation).toEqual({ UpdateItem: 1 });
  });

  it('cancels a transaction with the ThrottlingError on the item whose index entry is over', async () => {
    const { client } = modelled(scale);
    const task = (id: string) => ({ pk: { S: `TASK#${id}` }, sk: { S: 'TASK' } });
    for (const id of ['a', 'b'])
      await client.send(
        new PutItemCommand({ TableName: 't', Item: { ...task(id), gsi2pk: { S: 'STATUS#open' } } }),
      );
    const error = await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: 't',
                Key: task('pool'),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            {
              Update: {
                TableName: 't',
                Key: task('a'),
                UpdateExpression: 'SET assignee = :who',
                ExpressionAttributeValues: { ':who': { S: 'someone' } },
              },
            },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual(
      ['None', 'ThrottlingError'],
    );
  });

  it('charges an item written whole by its size: a unit a started KB', async () => {
    const { client } = modelled(4 / ON_DEMAND_LIMITS.keyWrites);
    const big = (sk: string) =>
      new PutItemCommand({
        TableName: 't',
        Item: { pk: { S: 'OUTBOX#1' }, sk: { S: sk }, events: { S: 'x'.repeat(2_500) } },
      });
    await client.send(big('1')); // 3 units of the key's 4
    const error = await client.send(big('2')).catch((e: unknown) => e as Error);
    expect((error as Error).name).toBe('ProvisionedThroughputExceededException');
  });

  it("reports each kind of key's busiest second against its limit", async () => {
    const { client, faults } = modelled(1);
    await client.send(put('ACCOUNT#1'));
    await client.send(put('ACCOUNT#1'));
    await client.send(put('ACCOUNT#2'));
    const { peaks } = faults.onDemand.report();
    expect(peaks['t table Write ACCOUNT#']).toMatchObject({ limit: ON_DEMAND_LIMITS.keyWrites });
    expect(peaks['t table Write ACCOUNT#']!.unitsPerSecond).toBeGreaterThanOrEqual(1);
    expect(peaks['t table Write (whole table)']).toMatchObject({
      limit: ON_DEMAND_LIMITS.tableWrites,
    });
  });

  it('is named ondemand in ATES_FAULTS, as a scale of AWS limits', () => {
    expect(parseFaults('ondemand=0.01')).toEqual({ dynamoOnDemand: 0.01 });
  });
});
