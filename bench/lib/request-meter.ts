import { AsyncLocalStorage } from 'node:async_hooks';
import { documentClient } from '#shared/dynamo';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalCloud } from '../../local/cloud/local-cloud';
import { bytesOf, indexWriteUnits, unitsOfSize, type IndexShape } from './index-writes';
import { runningHandler, watchInvocations } from './running-handler';

/** What a stretch of a run asked of AWS, counted from the calls it really made. */
export interface Usage {
  /** DynamoDB requests by operation (`TransactWriteItems`, `Query` …). */
  dynamoCalls: Record<string, number>;
  /** Of those, the ones that failed (a refused condition, a cancelled transaction): billed too. */
  dynamoFailedCalls: Record<string, number>;
  /**
   * Why they failed, by `operation reason`: a cancelled transaction's reasons other than `None`
   * (`TransactWriteItems ConditionalCheckFailed`, `… TransactionConflict`), or the error's name.
   */
  dynamoFailedReasons: Record<string, number>;
  /** Write request units by table (`ates-accounting` …). */
  dynamoWriteUnitsByTable: Record<string, number>;
  /** Item writes by where they went: `table · cause · kind` (see {@link writeKeysOf}). */
  dynamoWriteItemsByKind: Record<string, number>;
  /** Write request units by the same `table · cause · kind`. */
  dynamoWriteUnitsByKind: Record<string, number>;
  /** Item writes by the handler that made them (`analytics.consumer`, `tasker.create-task`). */
  dynamoWriteItemsByHandler: Record<string, number>;
  dynamoWriteItems: number;
  dynamoReadItems: number;
  /** Write request units as on-demand bills them: ⌈KB⌉ per item, twice that inside a transaction. */
  dynamoWriteUnits: number;
  /**
   * Write request units the global secondary indexes consume (billed like the table's): counted
   * only when the meter is given the tables' indexes, from each written item's images.
   */
  dynamoIndexWriteUnits: number;
  /** Index write units by table. */
  dynamoIndexWriteUnitsByTable: Record<string, number>;
  /** Index write units by the `table · cause · kind` of the item write that caused them. */
  dynamoIndexWriteUnitsByKind: Record<string, number>;
  /**
   * Read request units: ⌈4 KB⌉ per item or Query page, half for an eventually consistent read;
   * a key read that finds nothing (GetItem, a BatchGetItem's key) is billed the minimum.
   */
  dynamoReadUnits: number;
  /** Read request units by `table · handler · read` (`ates-accounting · accounting.consumer · BatchGetItem ACCOUNT`). */
  dynamoReadUnitsByKind: Record<string, number>;
  /** Lambda invocations and their wall-clock milliseconds, by function name (`ates-tasker-consumer`). */
  lambda: Record<string, { invocations: number; ms: number }>;
  /** PutEvents entries EventBridge accepted. */
  eventEntries: number;
  /** Messages EventBridge sent to the domains' queues (one SQS SendMessage each). */
  queueDeliveries: number;
}

const emptyUsage = (): Usage => ({
  dynamoCalls: {},
  dynamoFailedCalls: {},
  dynamoFailedReasons: {},
  dynamoWriteUnitsByTable: {},
  dynamoWriteItemsByKind: {},
  dynamoWriteUnitsByKind: {},
  dynamoWriteItemsByHandler: {},
  dynamoWriteItems: 0,
  dynamoReadItems: 0,
  dynamoWriteUnits: 0,
  dynamoIndexWriteUnits: 0,
  dynamoIndexWriteUnitsByTable: {},
  dynamoIndexWriteUnitsByKind: {},
  dynamoReadUnits: 0,
  dynamoReadUnitsByKind: {},
  lambda: {},
  eventEntries: 0,
  queueDeliveries: 0,
});

/** The Document client's command names, as the low-level operation AWS bills. */
const OPERATION: Record<string, string> = {
  Put: 'PutItem',
  Get: 'GetItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

/** The low-level operation of a command (`TransactWriteCommand` → `TransactWriteItems`). */
export const operationOf = (commandName: string) => {
  const name = commandName.replace(/Command$/, '');
  return OPERATION[name] ?? name;
};

type Doc = Record<string, unknown>;

const writeUnitsOf = (item: unknown) => unitsOfSize(bytesOf(item));
const readUnitsOf = (bytes: number, consistent: boolean) =>
  Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

/**
 * Each key a BatchGetItem read, billed as a GetItem of its own: a found item by its size, a key
 * that finds nothing the minimum (developer guide, read and write operations). Keys handed back
 * in UnprocessedKeys were not read, and one asks for them again; a refused call (throttled: none
 * of its keys could be read) read nothing.
 */
function batchGetReads(
  input: Doc,
  output: Doc | undefined,
): { table: string; key: Doc; found: boolean; units: number }[] {
  if (output === undefined) return [];
  return Object.entries(input.RequestItems as Record<string, Doc>).flatMap(([table, request]) => {
    const consistent = request.ConsistentRead === true;
    const found = ((output.Responses ?? {}) as Record<string, Doc[]>)[table] ?? [];
    const unprocessed = new Set(
      (
        ((output.UnprocessedKeys ?? {}) as Record<string, Doc>)[table]?.Keys as Doc[] | undefined
      )?.map((k) => itemId(table, k)) ?? [],
    );
    const sizes = new Map(found.map((item) => [itemId(table, item), bytesOf(item)]));
    return ((request.Keys ?? []) as Doc[])
      .filter((key) => !unprocessed.has(itemId(table, key)))
      .map((key) => {
        const size = sizes.get(itemId(table, key));
        return {
          table,
          key,
          found: size !== undefined,
          units: readUnitsOf(size ?? 0, consistent),
        };
      });
  });
}

/**
 * Write and read units of one DynamoDB request, from its input and (when it succeeded) output.
 * An update or delete is counted as one unit: AWS bills the larger of the item's sizes before
 * and after, which the request does not hold (the lifecycle's updated items are under 1 KB). A
 * refused conditional write or cancelled transaction is counted like one that wrote: a refused
 * write is billed (developer guide, conditional writes), and for a cancelled transaction the
 * guide says nothing, so the upper bound is taken.
 */
export function unitsOf(
  operation: string,
  input: Doc,
  output: Doc | undefined,
): { writeItems: number; writeUnits: number; readItems: number; readUnits: number } {
  const none = { writeItems: 0, writeUnits: 0, readItems: 0, readUnits: 0 };
  const consistent = input.ConsistentRead === true;
  switch (operation) {
    case 'PutItem':
      return { ...none, writeItems: 1, writeUnits: writeUnitsOf(input.Item) };
    case 'UpdateItem':
    case 'DeleteItem':
      return { ...none, writeItems: 1, writeUnits: 1 };
    case 'BatchWriteItem': {
      const requests = Object.values(input.RequestItems as Record<string, Doc[]>).flat();
      const unprocessed = Object.values(
        (output?.UnprocessedItems ?? {}) as Record<string, Doc[]>,
      ).flat().length;
      const units = requests.reduce(
        (sum, r) => sum + (r.PutRequest ? writeUnitsOf((r.PutRequest as Doc).Item) : 1),
        0,
      );
      return {
        ...none,
        writeItems: requests.length - unprocessed,
        writeUnits: units - unprocessed,
      };
    }
    case 'TransactWriteItems': {
      const items = input.TransactItems as Doc[];
      const units = items.reduce(
        (sum, i) => sum + 2 * (i.Put ? writeUnitsOf((i.Put as Doc).Item) : 1),
        0,
      );
      return { ...none, writeItems: items.length, writeUnits: units };
    }
    case 'GetItem':
      return {
        ...none,
        readItems: output?.Item ? 1 : 0,
        readUnits: readUnitsOf(bytesOf(output?.Item), consistent),
      };
    case 'Query':
    case 'Scan': {
      const items = (output?.Items ?? []) as Doc[];
      const bytes = items.reduce((sum, item) => sum + bytesOf(item), 0);
      return { ...none, readItems: items.length, readUnits: readUnitsOf(bytes, consistent) };
    }
    case 'BatchGetItem': {
      const reads = batchGetReads(input, output);
      return {
        ...none,
        readItems: reads.filter((r) => r.found).length,
        readUnits: reads.reduce((sum, r) => sum + r.units, 0),
      };
    }
    case 'TransactGetItems': {
      const items = ((output?.Responses ?? []) as Doc[]).map((r) => r.Item);
      const readUnits = items.reduce<number>(
        (sum, item) => sum + 2 * readUnitsOf(bytesOf(item), true),
        0,
      );
      return { ...none, readItems: items.filter(Boolean).length, readUnits };
    }
    default:
      return none;
  }
}

/**
 * A failed request's reasons: a cancelled transaction's codes, each with the kind of item it
 * names (`ConditionalCheckFailed on ACCOUNT update`), else the error's name.
 */
function failureReasonsOf(error: unknown, operation: string, input: Doc): string[] {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  if (!reasons) return [(error as Error).name ?? 'Error'];
  const kinds = writeKeysOf(operation, input, false, '').map(({ key }) => key.split(' · ')[2]);
  return [
    ...new Set(
      reasons.flatMap((r, at) =>
        r.Code && r.Code !== 'None' ? [`${r.Code} on ${kinds[at] ?? '?'}`] : [],
      ),
    ),
  ];
}

const add = (counts: Record<string, number>, key: string, n: number) => {
  if (n !== 0) counts[key] = (counts[key] ?? 0) + n;
};

/** The table a request writes: each domain's transaction stays inside its own table. */
function tableOf(input: Doc): string {
  if (typeof input.TableName === 'string') return input.TableName;
  const first = (input.TransactItems as Doc[] | undefined)?.[0];
  if (first) {
    const item = Object.values(first)[0] as Doc | undefined;
    if (typeof item?.TableName === 'string') return item.TableName;
  }
  return Object.keys((input.RequestItems as Doc | undefined) ?? {})[0] ?? 'unknown';
}

/**
 * Each item a write request writes, with its units, named `table · cause · kind`: the cause is
 * the event whose marker commits in the same transaction (a consumer's reaction), or else the
 * handler that made the request (`tasker.create-task`); the kind is the item's `record_type`
 * (`entry`, `outbox`, `processed_event` …) or, for an update, delete or condition check, its key's
 * prefix and the operation (`ACCOUNT update`). A failed request is billed, so it is counted,
 * with `(failed)` after its kind.
 */
export function writeKeysOf(
  operation: string,
  input: Doc,
  failed: boolean,
  handler = runningHandler(),
): { key: string; units: number }[] {
  const table = tableOf(input);
  const suffix = failed ? ' (failed)' : '';
  const kindOf = (op: string, body: Doc) => {
    const item = body.Item as Doc | undefined;
    if (item) return String(item.record_type ?? `${prefixOf(item.pk)} put`);
    return `${prefixOf((body.Key as Doc | undefined)?.pk)} ${op.toLowerCase()}`;
  };
  switch (operation) {
    case 'PutItem':
      return [
        {
          key: `${table} · ${handler} · ${kindOf('put', input)}${suffix}`,
          units: writeUnitsOf(input.Item),
        },
      ];
    case 'UpdateItem':
    case 'DeleteItem':
      return [
        {
          key: `${table} · ${handler} · ${kindOf(operation.replace('Item', ''), input)}${suffix}`,
          units: 1,
        },
      ];
    case 'BatchWriteItem':
      return Object.entries(input.RequestItems as Record<string, Doc[]>).flatMap(
        ([name, requests]) =>
          requests.map((r) => {
            const put = r.PutRequest as Doc | undefined;
            const kind = put ? kindOf('put', put) : kindOf('delete', r.DeleteRequest as Doc);
            return {
              key: `${name} · ${handler} · ${kind}${suffix}`,
              units: put ? writeUnitsOf(put.Item) : 1,
            };
          }),
      );
    case 'TransactWriteItems': {
      const items = input.TransactItems as Doc[];
      const marker = items
        .map((i) => (i.Put as Doc | undefined)?.Item as Doc | undefined)
        .find((item) => item?.record_type === 'processed_event');
      const cause = marker ? String(marker.event_name) : handler;
      return items.map((i) => {
        const [op, body] = Object.entries(i)[0] as [string, Doc];
        return {
          key: `${String(body.TableName)} · ${cause} · ${kindOf(op, body)}${suffix}`,
          units: 2 * (op === 'Put' ? writeUnitsOf(body.Item) : 1),
        };
      });
    }
    default:
      return [];
  }
}

/**
 * The read units of a read request, named `table · handler · read`: the read is the operation
 * with the key prefix it read (`GetItem TASK`, `BatchGetItem ACCOUNT`, `Query gsi2 STATUS`), so
 * one BatchGetItem's keys are told apart by kind. Units as {@link unitsOf} bills them.
 */
export function readKeysOf(
  operation: string,
  input: Doc,
  output: Doc | undefined,
  /** The request's read units, as {@link unitsOf} billed them. */
  readUnits: number,
  handler = runningHandler(),
): { key: string; units: number }[] {
  const named = (kind: string, units: number) => ({
    key: `${tableOf(input)} · ${handler} · ${kind}`,
    units,
  });
  switch (operation) {
    case 'GetItem':
      return [named(`GetItem ${prefixOf((input.Key as Doc | undefined)?.pk)}`, readUnits)];
    case 'Query':
    case 'Scan': {
      const values = Object.values((input.ExpressionAttributeValues ?? {}) as Doc);
      const where = [input.IndexName, prefixOf(values[0])].filter(Boolean).join(' ');
      return [named(`${operation} ${where}`, readUnits)];
    }
    case 'BatchGetItem':
      return batchGetReads(input, output).map(({ table, key, units }) => ({
        key: `${table} · ${handler} · BatchGetItem ${prefixOf(key.pk)}`,
        units,
      }));
    default:
      return readUnits ? [named(operation, readUnits)] : [];
  }
}

/**
 * The items a write request writes, in the order {@link writeKeysOf} names them: table and key
 * (none for a transaction's condition check, which writes nothing).
 */
export function writtenItems(operation: string, input: Doc): { table: string; key?: Doc }[] {
  const keyOf = (body: Doc) => {
    const item = (body.Item ?? body.Key) as Doc;
    return { pk: item.pk, sk: item.sk };
  };
  switch (operation) {
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ table: String(input.TableName), key: keyOf(input) }];
    case 'BatchWriteItem':
      return Object.entries(input.RequestItems as Record<string, Doc[]>).flatMap(
        ([table, requests]) =>
          requests.map((r) => ({
            table,
            key: keyOf((r.PutRequest ?? r.DeleteRequest) as Doc),
          })),
      );
    case 'TransactWriteItems':
      return (input.TransactItems as Doc[]).map((i) => {
        const [op, body] = Object.entries(i)[0] as [string, Doc];
        return {
          table: String(body.TableName),
          key: op === 'ConditionCheck' ? undefined : keyOf(body),
        };
      });
    default:
      return [];
  }
}

/**
 * One writer at a time per item, among the metered requests: an item's image is read before
 * and after its write with nobody else's write in between, so each write is billed its own
 * change. Keys are taken in sorted order, so two requests never wait on each other.
 */
class ItemLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(keys: readonly string[]): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const key of [...new Set(keys)].sort()) {
      const previous = this.tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const tail = previous.then(() => mine);
      this.tails.set(key, tail);
      await previous;
      releases.push(() => {
        release();
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    }
    return () => releases.forEach((release) => release());
  }
}

/** The meter's own reads: not counted, not imaged. */
const unmetered = new AsyncLocalStorage<true>();

/** Each item as it is now (consistent reads, outside the count), by `table|pk|sk`. */
async function imagesOf(items: readonly { table: string; key?: Doc }[]) {
  const images = new Map<string, Doc | undefined>();
  const byTable = new Map<string, Doc[]>();
  for (const { table, key } of items) {
    if (!key || images.has(itemId(table, key))) continue;
    images.set(itemId(table, key), undefined);
    byTable.set(table, [...(byTable.get(table) ?? []), key]);
  }
  await unmetered.run(true, async () => {
    for (const [table, keys] of byTable) {
      for (let start = 0; start < keys.length; start += 100) {
        let request: Record<string, { Keys: Doc[]; ConsistentRead: true }> | undefined = {
          [table]: { Keys: keys.slice(start, start + 100), ConsistentRead: true },
        };
        while (request && Object.keys(request).length > 0) {
          const out = await documentClient.send(new BatchGetCommand({ RequestItems: request }));
          for (const item of out.Responses?.[table] ?? []) images.set(itemId(table, item), item);
          request = out.UnprocessedKeys as typeof request;
        }
      }
    }
  });
  return images;
}

const itemId = (table: string, key: Doc) => `${table}|${String(key.pk)}|${String(key.sk)}`;

/** `TASK#1234` → `TASK`; a key without a prefix is itself. */
const prefixOf = (pk: unknown) => String(pk ?? '?').split('#')[0];

/** `later − earlier` of each count, dropping zeros. */
export function deltaOf(later: Record<string, number>, earlier: Record<string, number>) {
  const delta: Record<string, number> = {};
  for (const [key, n] of Object.entries(later)) add(delta, key, n - (earlier[key] ?? 0));
  return delta;
}

/**
 * Counts every AWS request the handlers of this process make, without touching `functions/`:
 * a middleware on the one DynamoDB client they share (`documentClient`), a wrapper around the
 * local cloud's handler invocations (gateway requests, relay invocations, consumer batches,
 * schedules) and the local bus's own counts of accepted entries and queue deliveries.
 * Install once per process, before the run to be measured; `since(snapshot)` gives a stretch.
 */
export class RequestMeter {
  private readonly usage = emptyUsage();

  private readonly locks = new ItemLocks();

  /**
   * `indexes`: each table's global secondary indexes (by table name, {@link indexesByTable});
   * given, every write's items are read before and after it (outside the count, one writer per
   * item at a time) and the index write units AWS bills for the change are counted beside the
   * table's. Without it the meter makes no request of its own (the lifecycle block's timing).
   */
  constructor(
    private readonly cloud: Pick<LocalCloud, 'bus'>,
    { indexes }: { indexes?: Readonly<Record<string, readonly IndexShape[]>> } = {},
  ) {
    const usage = this.usage;
    const locks = this.locks;
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (unmetered.getStore()) return next(args);
        const operation = operationOf(String(context.commandName ?? 'unknown'));
        const input = args.input as Doc;
        const written = indexes ? writtenItems(operation, input) : [];
        const indexed = written.filter((i) => i.key && (indexes?.[i.table]?.length ?? 0) > 0);
        const release = indexed.length
          ? await locks.acquire(indexed.map((i) => itemId(i.table, i.key!)))
          : undefined;
        let output: Doc | undefined;
        try {
          const before = indexed.length ? await imagesOf(indexed) : undefined;
          try {
            const result = await next(args);
            output = result.output as Doc;
            return result;
          } catch (error) {
            add(usage.dynamoFailedCalls, operation, 1);
            for (const reason of failureReasonsOf(error, operation, input))
              add(usage.dynamoFailedReasons, `${operation} ${reason}`, 1);
            throw error;
          } finally {
            const units = unitsOf(operation, input, output);
            add(usage.dynamoCalls, operation, 1);
            add(usage.dynamoWriteUnitsByTable, tableOf(input), units.writeUnits);
            const keys = writeKeysOf(operation, input, output === undefined);
            for (const { key, units: written } of keys) {
              add(usage.dynamoWriteItemsByKind, key, 1);
              add(usage.dynamoWriteUnitsByKind, key, written);
            }
            usage.dynamoWriteItems += units.writeItems;
            add(usage.dynamoWriteItemsByHandler, runningHandler(), units.writeItems);
            usage.dynamoWriteUnits += units.writeUnits;
            usage.dynamoReadItems += units.readItems;
            usage.dynamoReadUnits += units.readUnits;
            for (const { key, units: read } of readKeysOf(
              operation,
              input,
              output,
              units.readUnits,
            ))
              add(usage.dynamoReadUnitsByKind, key, read);
            // A refused write changes no item, so no index: only a write that succeeded is imaged.
            if (before && output !== undefined) {
              const after = await imagesOf(indexed);
              written.forEach(({ table, key }, position) => {
                const shapes = indexes?.[table];
                if (!key || !shapes?.length) return;
                const id = itemId(table, key);
                for (const { units: n } of indexWriteUnits(shapes, before.get(id), after.get(id))) {
                  usage.dynamoIndexWriteUnits += n;
                  add(usage.dynamoIndexWriteUnitsByTable, table, n);
                  add(usage.dynamoIndexWriteUnitsByKind, keys[position]!.key, n);
                }
              });
            }
          }
        } finally {
          release?.();
        }
      },
      { step: 'initialize', name: 'benchRequestMeter', priority: 'high', override: true },
    );
    watchInvocations({
      ended(fn, ms) {
        const entry = (usage.lambda[`ates-${fn.domain}-${fn.name}`] ??= { invocations: 0, ms: 0 });
        entry.invocations += 1;
        entry.ms += ms;
      },
    });
  }

  /** Everything counted so far (a copy). */
  snapshot(): Usage {
    return structuredClone({
      ...this.usage,
      eventEntries: this.cloud.bus.stats.published,
      queueDeliveries: this.cloud.bus.stats.delivered,
    });
  }

  /** What was counted after `earlier`. */
  since(earlier: Usage): Usage {
    const now = this.snapshot();
    const lambda: Usage['lambda'] = {};
    for (const [name, entry] of Object.entries(now.lambda)) {
      const before = earlier.lambda[name] ?? { invocations: 0, ms: 0 };
      const invocations = entry.invocations - before.invocations;
      if (invocations > 0) lambda[name] = { invocations, ms: entry.ms - before.ms };
    }
    return {
      dynamoCalls: deltaOf(now.dynamoCalls, earlier.dynamoCalls),
      dynamoFailedCalls: deltaOf(now.dynamoFailedCalls, earlier.dynamoFailedCalls),
      dynamoFailedReasons: deltaOf(now.dynamoFailedReasons, earlier.dynamoFailedReasons),
      dynamoWriteUnitsByTable: deltaOf(
        now.dynamoWriteUnitsByTable,
        earlier.dynamoWriteUnitsByTable,
      ),
      dynamoWriteItemsByKind: deltaOf(now.dynamoWriteItemsByKind, earlier.dynamoWriteItemsByKind),
      dynamoWriteUnitsByKind: deltaOf(now.dynamoWriteUnitsByKind, earlier.dynamoWriteUnitsByKind),
      dynamoWriteItemsByHandler: deltaOf(
        now.dynamoWriteItemsByHandler,
        earlier.dynamoWriteItemsByHandler,
      ),
      dynamoWriteItems: now.dynamoWriteItems - earlier.dynamoWriteItems,
      dynamoReadItems: now.dynamoReadItems - earlier.dynamoReadItems,
      dynamoWriteUnits: now.dynamoWriteUnits - earlier.dynamoWriteUnits,
      dynamoIndexWriteUnits: now.dynamoIndexWriteUnits - earlier.dynamoIndexWriteUnits,
      dynamoIndexWriteUnitsByTable: deltaOf(
        now.dynamoIndexWriteUnitsByTable,
        earlier.dynamoIndexWriteUnitsByTable,
      ),
      dynamoIndexWriteUnitsByKind: deltaOf(
        now.dynamoIndexWriteUnitsByKind,
        earlier.dynamoIndexWriteUnitsByKind,
      ),
      dynamoReadUnits: now.dynamoReadUnits - earlier.dynamoReadUnits,
      dynamoReadUnitsByKind: deltaOf(now.dynamoReadUnitsByKind, earlier.dynamoReadUnitsByKind),
      lambda,
      eventEntries: now.eventEntries - earlier.eventEntries,
      queueDeliveries: now.queueDeliveries - earlier.queueDeliveries,
    };
  }
}
