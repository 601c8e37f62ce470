import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SERVICES } from '../services';
import { createTables } from '../../test/support/tables';
import {
  commit,
  ConditionsFailed,
  CONFLICT_ATTEMPTS,
  documentClient,
  guarded,
  isTransactionConflict,
} from './dynamo';

let table: string;
beforeAll(async () => {
  const [created] = await createTables(SERVICES.slice(0, 1));
  table = created!.name;
});

const checkItem = (pk: string) =>
  guarded('shared_item_exists', {
    ConditionCheck: {
      TableName: table,
      Key: { pk, sk: 'ITEM' },
      ConditionExpression: 'attribute_exists(pk)',
    },
  });
const count = (pk: string) => ({
  Update: {
    TableName: table,
    Key: { pk, sk: 'ITEM' },
    UpdateExpression: 'ADD writers :one',
    ExpressionAttributeValues: { ':one': 1 },
  },
});
const put = (pk: string) => ({ Put: { TableName: table, Item: { pk, sk: 'ITEM' } } });

const conflict = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
  });

/** DynamoDB Local runs transactions one at a time, so the conflicts real DynamoDB raises are made here. */
function conflictsFirst(times: number) {
  const send = documentClient.send.bind(documentClient);
  let left = times;
  return vi.spyOn(documentClient, 'send').mockImplementation(((command: never) => {
    if (left-- > 0) return Promise.reject(conflict());
    return send(command);
  }) as never);
}

afterEach(() => vi.restoreAllMocks());

const stored = async (pk: string) =>
  (await documentClient.send(new GetCommand({ TableName: table, Key: { pk, sk: 'ITEM' } }))).Item;

describe('commit', () => {
  it('sends a transaction cancelled by a conflict again, and it commits', async () => {
    const own = `OWN#${crypto.randomUUID()}`;
    const send = conflictsFirst(CONFLICT_ATTEMPTS - 1);
    await commit([put(own), put(`${own}#2`)]);
    expect(send).toHaveBeenCalledTimes(CONFLICT_ATTEMPTS);
    expect(await stored(own)).toBeDefined();
  });

  it('gives the conflict back once its attempts are spent, having written nothing', async () => {
    const own = `OWN#${crypto.randomUUID()}`;
    conflictsFirst(CONFLICT_ATTEMPTS);
    const error = await commit([put(own), put(`${own}#2`)]).catch((failure: unknown) => failure);
    expect(isTransactionConflict(error)).toBe(true);
    vi.restoreAllMocks();
    expect(await stored(own)).toBeUndefined();
  });

  it('lets many writers of one shared item all commit (conflicts are retried)', async () => {
    // DynamoDB cancels a transaction that meets another one on an item; a retry then commits.
    const shared = `SHARED#${crypto.randomUUID()}`;
    await commit([put(shared)]);
    const writers = Array.from({ length: 40 }, () => `OWN#${crypto.randomUUID()}`);
    const outcomes = await Promise.allSettled(
      writers.map((own) => commit([count(shared), put(own)])),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const { Item: counted } = await documentClient.send(
      new GetCommand({ TableName: table, Key: { pk: shared, sk: 'ITEM' } }),
    );
    expect(counted?.writers).toBe(writers.length);
    for (const own of writers) {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: table, Key: { pk: own, sk: 'ITEM' } }),
      );
      expect(Item).toBeDefined();
    }
  });

  it('names the guard that refused and writes nothing', async () => {
    const own = `OWN#${crypto.randomUUID()}`;
    const refused = await commit([checkItem(`MISSING#${crypto.randomUUID()}`), put(own)]).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConditionsFailed);
    expect((refused as ConditionsFailed).guards).toEqual(['shared_item_exists']);
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: table, Key: { pk: own, sk: 'ITEM' } }),
    );
    expect(Item).toBeUndefined();
  });

  it('writes one item alone as a conditional write, not a transaction (half the write units)', async () => {
    const own = `OWN#${crypto.randomUUID()}`;
    const send = vi.spyOn(documentClient, 'send');
    await commit([
      guarded('item_is_new', {
        Put: { ...put(own).Put, ConditionExpression: 'attribute_not_exists(pk)' },
      }),
    ]);
    expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual(['PutCommand']);
    expect(await stored(own)).toBeDefined();
    // Its refused condition is named as a transaction's would be, and nothing is written.
    const refused = await commit([
      guarded('item_is_new', {
        Update: { ...count(own).Update, ConditionExpression: 'attribute_not_exists(pk)' },
      }),
    ]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConditionsFailed);
    expect((refused as ConditionsFailed).guards).toEqual(['item_is_new']);
    expect((await stored(own))?.writers).toBeUndefined();
  });

  it('sends a single write refused by another transaction on its item again', async () => {
    const own = `OWN#${crypto.randomUUID()}`;
    const write = documentClient.send.bind(documentClient);
    let left = CONFLICT_ATTEMPTS - 1;
    const send = vi
      .spyOn(documentClient, 'send')
      .mockImplementation(((command: never) =>
        left-- > 0
          ? Promise.reject(new TransactionConflictException({ message: 'held', $metadata: {} }))
          : write(command)) as never);
    await commit([count(own)]);
    expect(send).toHaveBeenCalledTimes(CONFLICT_ATTEMPTS);
    expect((await stored(own))?.writers).toBe(1);
  });
});
