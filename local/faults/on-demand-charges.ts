/**
 * What a DynamoDB request consumes, by partition key, for the on-demand model (on-demand.ts):
 * the base table's keys and, for writes, the keys of the global secondary indexes the write
 * changes. A GSI is written asynchronously, but a GSI partition that cannot keep up throttles the
 * base table's writes ("GSI write throttling and back pressure", DynamoDB developer guide), so
 * an index key is a limit of its own: 1,000 write units a second, like a table's key.
 */

type Json = Record<string, unknown>;
type Kind = 'Read' | 'Write';

export interface Charge {
  table: string;
  /** The index written, when this is an index entry's charge; otherwise the table's own key. */
  index?: string;
  /** The partition key value, when the request names one; a Query or Scan charges the table only. */
  key?: string;
  kind: Kind;
  units: number;
  /** The position in the request of the item this charge is for (a transaction's reasons). */
  item?: number;
}

/** An item written, as the model needs it to follow the item's index keys. */
interface ItemWrite {
  table: string;
  pk?: string;
  sk?: string;
  /** The index keys the write gives the item (undefined: keeps them; null: removes them). */
  indexKeys: Record<string, string | null | undefined>;
  /** The item's own units: its size when the write carries it whole, otherwise 1. */
  units: number;
  /** True for a delete: every index entry of the item goes. */
  deletes: boolean;
}

const stringOf = (value: unknown) => (value as { S?: string } | undefined)?.S;

/**
 * About the size DynamoDB bills for an item (attribute names plus values, DynamoDB developer
 * guide, "Item sizes and formats"): strings and binaries by their bytes, numbers about one byte a
 * two digits, sets, lists and maps by what they hold. A write unit is 1 KB of it.
 */
function sizeOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 1;
  const [[type, inner]] = Object.entries(value as Json) as [[string, unknown]];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(inner));
    case 'N':
      return Math.ceil(String(inner).length / 2) + 1;
    case 'B':
      return Buffer.from(String(inner), 'base64').length;
    case 'SS':
    case 'NS':
    case 'BS':
      return (inner as string[]).reduce((sum, one) => sum + Buffer.byteLength(one), 0);
    case 'L':
      return 3 + (inner as unknown[]).reduce<number>((sum, one) => sum + 1 + sizeOf(one), 0);
    case 'M':
      return 3 + itemSize(inner as Json);
    default:
      return 1;
  }
}

const itemSize = (item: Json) =>
  Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + sizeOf(value),
    0,
  );

export const writeUnitsOf = (item: Json) => Math.max(1, Math.ceil(itemSize(item) / 1024));

/** `SET gsi1pk = :lane, …` → the value `:lane` names; `REMOVE …, gsi1pk` → null. */
function indexKeySetBy(update: Json, attribute: string): string | null | undefined {
  const expression = String(update.UpdateExpression ?? '');
  const set = new RegExp(`\\b${attribute}\\s*=\\s*(:[A-Za-z0-9_]+)`).exec(expression);
  if (set) return stringOf((update.ExpressionAttributeValues as Json | undefined)?.[set[1]!]);
  const remove = /\bREMOVE\b([^]*?)(?:\b(?:SET|ADD|DELETE)\b|$)/i.exec(expression);
  if (remove && new RegExp(`\\b${attribute}\\b`).test(remove[1]!)) return null;
  return undefined;
}

/** A transaction's condition check writes nothing, but is charged as a write of its item. */
type Operation = 'Put' | 'Update' | 'Delete' | 'Check';

function itemWriteOf(operation: Operation, body: Json, indexes: readonly string[]): ItemWrite {
  const table = String(body.TableName ?? '');
  const item = (operation === 'Put' ? body.Item : body.Key) as Json | undefined;
  const indexKeys: ItemWrite['indexKeys'] = {};
  for (const index of operation === 'Check' ? [] : indexes) {
    const attribute = `${index}pk`;
    indexKeys[index] =
      operation === 'Put'
        ? (stringOf(item?.[attribute]) ?? null)
        : operation === 'Update'
          ? indexKeySetBy(body, attribute)
          : null;
  }
  return {
    table,
    pk: stringOf(item?.pk),
    sk: stringOf(item?.sk),
    indexKeys,
    units: operation === 'Put' && item ? writeUnitsOf(item) : 1,
    deletes: operation === 'Delete',
  };
}

/**
 * The index keys of the items the model has seen written: an update that does not name an
 * index key still rewrites the item's entry under it (every index projects all attributes), so
 * the model remembers where each item sits. An item it never saw written (seeded from outside
 * the functions) is charged to the index keys its writes name, and remembered from then on.
 */
export class IndexKeyMemory {
  private readonly keys = new Map<string, Record<string, string>>();

  /** The index charges of `write`, and the item's index keys after it. */
  charges(write: ItemWrite): { charges: Charge[]; after: Record<string, string> } {
    const before = this.keys.get(this.id(write)) ?? {};
    const after: Record<string, string> = {};
    const charges: Charge[] = [];
    const charge = (index: string, key: string) =>
      charges.push({ table: write.table, index, key, kind: 'Write', units: write.units });
    for (const [index, given] of Object.entries(write.indexKeys)) {
      const old = before[index];
      const now = write.deletes ? undefined : given === undefined ? old : (given ?? undefined);
      if (now !== undefined) after[index] = now;
      // Moved: the old entry is deleted and the new one written; stayed: rewritten in place.
      if (old !== undefined && old !== now) charge(index, old);
      if (now !== undefined) charge(index, now);
    }
    return { charges, after };
  }

  remember(write: ItemWrite, after: Record<string, string>) {
    if (Object.keys(after).length === 0) this.keys.delete(this.id(write));
    else this.keys.set(this.id(write), after);
  }

  private id(write: ItemWrite) {
    return `${write.table}\u0000${write.pk}\u0000${write.sk}`;
  }
}

/** A request's charges and the index keys its items will have once it is let through. */
export interface Charged {
  charges: Charge[];
  commit(): void;
}

/**
 * The capacity units a request consumes: reads one unit an item (aTES's items are under 4 KB),
 * writes one unit a started KB of the item when the request carries it whole (an outbox row of
 * 98 events is about 50), otherwise one; each item of a transaction twice that. A Query or Scan
 * is charged one read unit to its table (what it reads is not known before it runs).
 */
export function chargesOf(
  action: string,
  body: Json,
  indexesOf: (table: string) => readonly string[],
  memory: IndexKeyMemory,
): Charged {
  const read = (table: string, key: unknown, units = 1): Charge => ({
    table,
    key: stringOf((key as Json | undefined)?.pk),
    kind: 'Read',
    units,
  });
  const writes: { write: ItemWrite; factor: number; item: number }[] = [];
  const charges: Charge[] = [];
  const write = (operation: Operation, request: Json, factor = 1) => {
    const itemWrite = itemWriteOf(operation, request, indexesOf(String(request.TableName ?? '')));
    writes.push({ write: itemWrite, factor, item: writes.length });
  };
  const table = String(body.TableName ?? '');
  switch (action) {
    case 'GetItem':
      charges.push(read(table, body.Key));
      break;
    case 'PutItem':
      write('Put', body);
      break;
    case 'UpdateItem':
      write('Update', body);
      break;
    case 'DeleteItem':
      write('Delete', body);
      break;
    case 'Query':
    case 'Scan':
      charges.push({ table, kind: 'Read', units: 1 });
      break;
    case 'BatchGetItem':
      for (const [name, { Keys = [] }] of Object.entries(
        (body.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>,
      ))
        for (const key of Keys) charges.push(read(name, key));
      break;
    case 'BatchWriteItem':
      for (const [name, requests] of Object.entries(
        (body.RequestItems ?? {}) as Record<string, Json[]>,
      ))
        for (const request of requests) {
          const put = request.PutRequest as Json | undefined;
          const remove = request.DeleteRequest as Json | undefined;
          if (put) write('Put', { ...put, TableName: name });
          if (remove) write('Delete', { ...remove, TableName: name });
        }
      break;
    case 'TransactWriteItems':
      for (const item of (body.TransactItems ?? []) as Json[]) {
        const [[operation, request]] = Object.entries(item) as [[string, Json]];
        // A condition check writes nothing, but is charged as a write of its item.
        write(operation === 'ConditionCheck' ? 'Check' : (operation as Operation), request, 2);
      }
      break;
    case 'TransactGetItems':
      for (const [item, { Get }] of ((body.TransactItems ?? []) as { Get?: Json }[]).entries())
        charges.push({ ...read(String(Get?.TableName ?? ''), Get?.Key, 2), item });
      break;
    default:
      break;
  }
  const remembered: (() => void)[] = [];
  for (const { write: itemWrite, factor, item } of writes) {
    charges.push({
      table: itemWrite.table,
      key: itemWrite.pk,
      kind: 'Write',
      units: itemWrite.units * factor,
      item,
    });
    // An index entry is written after the transaction, asynchronously, at the normal cost.
    const index = memory.charges(itemWrite);
    charges.push(...index.charges.map((c) => ({ ...c, item })));
    if (Object.keys(itemWrite.indexKeys).length > 0)
      remembered.push(() => memory.remember(itemWrite, index.after));
  }
  return { charges, commit: () => remembered.forEach((remember) => remember()) };
}
