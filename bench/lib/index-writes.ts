import type { ServiceDeclaration } from '#shared/declaration';

type Doc = Record<string, unknown>;

/** A global secondary index as DynamoDB writes it: its key attributes and what it projects. */
export interface IndexShape {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** `ALL`, `KEYS_ONLY`, or the non-key attributes an INCLUDE projection copies. */
  readonly projection: 'ALL' | 'KEYS_ONLY' | readonly string[];
}

/** The table's own key attributes: every index entry carries them. */
const TABLE_KEYS = ['pk', 'sk'] as const;

/** Each domain table's indexes, by table name, as its declaration shapes them. */
export function indexesByTable(
  services: readonly ServiceDeclaration[],
  tableNames: Readonly<Record<string, string | undefined>>,
): Record<string, IndexShape[]> {
  const byTable: Record<string, IndexShape[]> = {};
  for (const service of services) {
    const table = tableNames[service.domain];
    if (!table) continue;
    byTable[table] = service.table.indexes.map(({ name, projection }) => ({
      name,
      partitionKey: `${name}pk`,
      sortKey: `${name}sk`,
      projection,
    }));
  }
  return byTable;
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** A number's size: one byte per two significant digits, and one (leading and trailing zeros trimmed). */
function numberBytes(n: number | bigint): number {
  const digits = String(n)
    .replace(/^-/, '')
    .replace(/e[+-]?\d+$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** A value's size by DynamoDB's rules; a list's or map's element costs a byte more. */
function valueBytes(value: unknown): number {
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberBytes(value);
  if (value === null || typeof value === 'boolean') return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce<number>((sum, v) => sum + valueBytes(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === 'object') return 3 + attributesBytes(value as Doc, 1);
  return 0;
}

const attributesBytes = (doc: Doc, perElement: number) =>
  Object.entries(doc).reduce(
    (sum, [name, value]) =>
      value === undefined ? sum : sum + perElement + utf8(name) + valueBytes(value),
    0,
  );

/**
 * An item's size as DynamoDB bills it (developer guide, "Item sizes and formats"): the lengths
 * of its attribute names and values; a number one byte per two significant digits plus one; a
 * list or map 3 bytes, and a byte per element.
 */
export const bytesOf = (item: unknown) => attributesBytes((item ?? {}) as Doc, 0);

/** Write units of one item of this size: one per started KB. */
export const unitsOfSize = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** The item as the index stores it, or undefined when the item is not in the index. */
function entryOf(index: IndexShape, item: Doc | undefined): Doc | undefined {
  if (!item || item[index.partitionKey] === undefined || item[index.sortKey] === undefined)
    return undefined; // sparse: an item without both index keys is not in the index
  if (index.projection === 'ALL') return item;
  const names = [
    ...TABLE_KEYS,
    index.partitionKey,
    index.sortKey,
    ...(index.projection === 'KEYS_ONLY' ? [] : index.projection),
  ];
  return Object.fromEntries(names.filter((n) => n in item).map((n) => [n, item[n]]));
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Attribute order does not matter to DynamoDB: compare entries with sorted names. */
const sorted = (doc: Doc) =>
  Object.fromEntries(Object.entries(doc).sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * Write units the indexes consume for one item's change from `before` to `after` (undefined:
 * no item), as DynamoDB's developer guide ("Provisioned throughput considerations for global
 * secondary indexes", write activity) bills them: an item that enters an index is one put, one
 * that leaves it one delete, one whose index key changes a delete and a put, one that stays
 * under the same key a put only when a projected attribute changed; an item in the index
 * neither before nor after costs the index nothing. Each write is one unit per KB of the entry.
 * A key set again to the value it holds is no change (the guide's two writes are for a key that
 * changes "from A to B"): Accounting's first movement of an account a snapshot already placed in
 * its lane rests on that, once per account.
 */
export function indexWriteUnits(
  indexes: readonly IndexShape[],
  before: Doc | undefined,
  after: Doc | undefined,
): { index: string; units: number }[] {
  const writes: { index: string; units: number }[] = [];
  for (const index of indexes) {
    const old = entryOf(index, before);
    const now = entryOf(index, after);
    let units = 0;
    if (old && now) {
      const keyChanged =
        !sameJson(old[index.partitionKey], now[index.partitionKey]) ||
        !sameJson(old[index.sortKey], now[index.sortKey]);
      if (keyChanged) units = unitsOfSize(bytesOf(old)) + unitsOfSize(bytesOf(now));
      else if (!sameJson(sorted(old), sorted(now))) units = unitsOfSize(bytesOf(now));
    } else if (old) units = unitsOfSize(bytesOf(old));
    else if (now) units = unitsOfSize(bytesOf(now));
    if (units > 0) writes.push({ index: index.name, units });
  }
  return writes;
}
