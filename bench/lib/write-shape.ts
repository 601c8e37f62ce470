import {
  BatchWriteItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { documentClient } from '#shared/dynamo';
import { ensureTable } from '../../local/dynamodb/tables';
import { taskerService } from '../../functions/tasker/service';
import { floorItem } from './floor-item';
import { percentile, round, runPool } from './measure';
import { operationOf } from './request-meter';
import { runningHandler, watchInvocations } from './running-handler';

/**
 * The shape of one write call, as the engine receives it: its operation and, for a transaction
 * or a batch, the operation of each item in order (`Put`, `Update`, `Delete`, `ConditionCheck`).
 */
export interface WriteCall {
  operation: 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'TransactWriteItems' | 'BatchWriteItem';
  items: string[];
}

/** Write calls of one stretch by who made them, and how many each had in flight at once. */
export interface WriteShape {
  calls: WriteCall[];
  /** In-flight write calls of the same writer when each call started, this one included. */
  inFlight: number[];
  /** Milliseconds in which at least one invocation of the writer ran (handlers only). */
  busyMs: number;
}

const WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'TransactWriteItems',
  'BatchWriteItem',
]);

type Doc = Record<string, unknown>;

function shapeOf(operation: WriteCall['operation'], input: Doc): WriteCall {
  if (operation === 'TransactWriteItems')
    return { operation, items: (input.TransactItems as Doc[]).map((i) => Object.keys(i)[0]!) };
  if (operation === 'BatchWriteItem')
    return {
      operation,
      items: Object.values(input.RequestItems as Record<string, Doc[]>)
        .flat()
        .map((r) => (r.PutRequest ? 'Put' : 'Delete')),
    };
  return { operation, items: [operation.replace('Item', '')] };
}

/**
 * Records every write call the handlers of this process send through `documentClient`, by the
 * handler that sent it (`tasker.consumer`, `tasker.createTask`), with the number of that
 * handler's write calls in flight at its start, and how long each handler was busy (the union
 * of its invocations). Everything written, across all handlers, is also kept under `all`.
 */
export class WriteShapeRecorder {
  private readonly shapes = new Map<string, WriteShape>();
  private readonly inFlight = new Map<string, number>();
  private readonly running = new Map<string, { count: number; since: number }>();
  private recording = false;

  constructor() {
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = operationOf(String(context.commandName ?? ''));
        if (!this.recording || !WRITES.has(operation)) return next(args);
        const call = shapeOf(operation as WriteCall['operation'], args.input as Doc);
        const names = ['all', runningHandler()];
        for (const name of names) {
          const flying = (this.inFlight.get(name) ?? 0) + 1;
          this.inFlight.set(name, flying);
          const shape = this.shapeFor(name);
          shape.calls.push(call);
          shape.inFlight.push(flying);
        }
        try {
          return await next(args);
        } finally {
          for (const name of names) this.inFlight.set(name, this.inFlight.get(name)! - 1);
        }
      },
      { step: 'initialize', name: 'benchWriteShape', priority: 'low', override: true },
    );
    watchInvocations({
      started: (fn) => this.started(`${fn.domain}.${fn.name}`),
      ended: (fn) => this.ended(`${fn.domain}.${fn.name}`),
    });
  }

  private shapeFor(name: string): WriteShape {
    let shape = this.shapes.get(name);
    if (!shape) this.shapes.set(name, (shape = { calls: [], inFlight: [], busyMs: 0 }));
    return shape;
  }

  private started(name: string) {
    const state = this.running.get(name) ?? { count: 0, since: 0 };
    if (state.count === 0) state.since = performance.now();
    state.count += 1;
    this.running.set(name, state);
  }

  private ended(name: string) {
    const state = this.running.get(name)!;
    state.count -= 1;
    if (state.count === 0 && this.recording)
      this.shapeFor(name).busyMs += performance.now() - state.since;
  }

  /** Starts a stretch: what was recorded before is forgotten. */
  start() {
    this.shapes.clear();
    this.recording = true;
  }

  /** Ends the stretch and gives each writer's shape. */
  stop(): Map<string, WriteShape> {
    this.recording = false;
    return new Map(this.shapes);
  }
}

/** Item writes of a shape. */
export const itemWritesOf = (calls: readonly WriteCall[]) =>
  calls.reduce((sum, call) => sum + call.items.length, 0);

/**
 * The concurrency a writer kept the engine at: the 95th percentile of its write calls in
 * flight, counted as each started (so the busy stretches count, not the idle ones).
 */
export const concurrencyOf = (shape: WriteShape) =>
  Math.max(
    1,
    percentile(
      [...shape.inFlight].sort((a, b) => a - b),
      95,
    ),
  );

/**
 * Every n-th call of the shape, n chosen for about `items` item writes: the same mix of
 * operations and sizes (each call is taken or not whatever its size), short enough to replay in
 * seconds.
 */
export function sampleOf(calls: readonly WriteCall[], items: number): WriteCall[] {
  const total = itemWritesOf(calls);
  if (total <= items) return [...calls];
  const share = items / total;
  const sample: WriteCall[] = [];
  let owed = 0;
  for (const call of calls) {
    owed += share;
    if (owed >= 1) {
      sample.push(call);
      owed -= 1;
    }
  }
  return sample;
}

/**
 * About `items` item writes of the shape's calls: every n-th (`sampleOf`) when it has more, its
 * calls repeated in order when it has fewer. A drain of a few hundred puts (Tasker's, quick)
 * replays in under a second, most of it the fresh engine's warm-up; repeated, the same mix is
 * measured long enough to be the engine's rate.
 */
export function callsFor(calls: readonly WriteCall[], items: number): WriteCall[] {
  const total = itemWritesOf(calls);
  if (total === 0 || total >= items) return sampleOf(calls, items);
  return Array.from({ length: Math.ceil(items / total) }, () => calls).flat();
}

/**
 * The engine's own rate for a shape: the calls sent straight to DynamoDB Local at the given
 * concurrency, each as the same operation with the same number and kinds of items, on a table
 * shaped like the floor's (Tasker's: two indexes, a stream, TTL) with the floor's task-sized
 * items. Puts and updates write new items; a condition check or delete names an item written
 * just before, so every call succeeds. Item writes per second.
 *
 * The calls go twice, and the second pass is the rate: a freshly started engine writes at about
 * half its rate for its first few thousand items (its JIT, heap and table pages settling:
 * 479 puts/s for the first 3,000 against 946–1,082 after, measured 2026-12-07), and a replay of
 * seconds would be mostly that, where the run it is set beside had an engine warmed by the
 * company's hiring and ran for minutes. The first pass's rate is returned too (`cold`).
 */
export async function replayShape(
  client: DynamoDBClient,
  calls: readonly WriteCall[],
  concurrency: number,
): Promise<{
  itemWritesPerSecond: number;
  seconds: number;
  items: number;
  cold: { itemWritesPerSecond: number; seconds: number };
}> {
  const { name } = await ensureTable(client, `shape-${Date.now()}`, taskerService);
  // Items to delete or condition-check, for both passes: written before the clock starts.
  const targets = calls.flatMap((c) =>
    c.items.filter((op) => op === 'Delete' || op === 'ConditionCheck'),
  );
  const existing = Array.from({ length: 2 * targets.length }, floorItem);
  await runPool(Math.ceil(existing.length / 25), 4, async (i) => {
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [name]: existing.slice(i * 25, i * 25 + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
    return true;
  });
  let nextExisting = 0;
  const keyOfExisting = () => {
    const item = existing[nextExisting++]!;
    return { pk: item.pk!, sk: item.sk! };
  };
  const transactItem = (op: string): TransactWriteItem => {
    if (op === 'Put') return { Put: { TableName: name, Item: floorItem() } };
    if (op === 'Update') return { Update: updateOf(name, floorItem()) };
    if (op === 'Delete') return { Delete: { TableName: name, Key: keyOfExisting() } };
    return {
      ConditionCheck: {
        TableName: name,
        Key: keyOfExisting(),
        ConditionExpression: 'attribute_exists(pk)',
      },
    };
  };
  const send = (call: WriteCall) => {
    switch (call.operation) {
      case 'PutItem':
        return client.send(new PutItemCommand({ TableName: name, Item: floorItem() }));
      case 'UpdateItem':
        return client.send(new UpdateItemCommand(updateOf(name, floorItem())));
      case 'DeleteItem':
        return client.send(new DeleteItemCommand({ TableName: name, Key: keyOfExisting() }));
      case 'BatchWriteItem':
        return client.send(
          new BatchWriteItemCommand({
            RequestItems: {
              [name]: call.items.map((op) =>
                op === 'Put'
                  ? { PutRequest: { Item: floorItem() } }
                  : { DeleteRequest: { Key: keyOfExisting() } },
              ),
            },
          }),
        );
      case 'TransactWriteItems':
        return client.send(
          new TransactWriteItemsCommand({ TransactItems: call.items.map(transactItem) }),
        );
    }
  };
  const items = itemWritesOf(calls);
  const pass = async () => {
    const pool = await runPool(calls.length, concurrency, async (i) => {
      await send(calls[i]!);
      return true;
    });
    const seconds = pool.count / pool.perSecond;
    return { itemWritesPerSecond: round(items / seconds), seconds };
  };
  const cold = await pass();
  return { ...(await pass()), items, cold };
}

/** An update that writes the floor's item under its key, as the handlers' updates do. */
function updateOf(table: string, item: ReturnType<typeof floorItem>) {
  const { pk, sk, ...rest } = item;
  const names = Object.keys(rest);
  return {
    TableName: table,
    Key: { pk: pk!, sk: sk! },
    UpdateExpression: `SET ${names.map((n, i) => `#a${i} = :v${i}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#a${i}`, n])),
    ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, rest[n]!])),
  };
}
