import type { Faults } from './faults';
import { awsJsonResponse, type SdkHttpResponse } from '../iam/enforcement';
import type { WireRequest } from '../iam/aws-requests';

const DYNAMO = 'com.amazonaws.dynamodb.v20120810#';
const TARGET = 'DynamoDB_20120810.';

/**
 * What AWS gives an on-demand table, a second (docs/operations.md, "Throttling"): a partition,
 * so one partition key, serves 1,000 write and 3,000 read units; a new table starts near 4,000
 * write and 12,000 read units (it grows past its previous peak, which this model does not).
 */
export const ON_DEMAND_LIMITS = {
  keyWrites: 1_000,
  keyReads: 3_000,
  tableWrites: 4_000,
  tableReads: 12_000,
} as const;

type Kind = 'Read' | 'Write';
interface Charge {
  table: string;
  /** The partition key value, when the request names one; a Query or Scan charges the table only. */
  key?: string;
  kind: Kind;
  units: number;
}

type Json = Record<string, unknown>;
const pkOf = (key: unknown) => ((key as Json | undefined)?.pk as { S?: string } | undefined)?.S;

/**
 * The capacity units a request consumes, by item: aTES's items are under 1 KB (one write unit)
 * and 4 KB (one strongly consistent read unit), so each item costs one unit, and each item of a
 * transaction two (TransactWriteItems and TransactGetItems cost double). A Query or Scan is
 * charged one read unit to its table (what it reads is not known before it runs).
 */
function chargesOf(action: string, body: Json): Charge[] {
  const one = (table: string, key: unknown, kind: Kind, units = 1): Charge => ({
    table,
    key: pkOf(key),
    kind,
    units,
  });
  const table = String(body.TableName ?? '');
  switch (action) {
    case 'GetItem':
      return [one(table, body.Key, 'Read')];
    case 'PutItem':
      return [one(table, body.Item, 'Write')];
    case 'UpdateItem':
    case 'DeleteItem':
      return [one(table, body.Key, 'Write')];
    case 'Query':
    case 'Scan':
      return [{ table, kind: 'Read', units: 1 }];
    case 'BatchGetItem':
      return Object.entries(
        (body.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>,
      ).flatMap(([name, { Keys = [] }]) => Keys.map((key) => one(name, key, 'Read')));
    case 'TransactWriteItems':
      return ((body.TransactItems ?? []) as Json[]).map((item) => {
        const [operation] = Object.values(item) as Json[];
        return one(
          String(operation?.TableName ?? ''),
          operation?.Key ?? operation?.Item,
          'Write',
          2,
        );
      });
    case 'TransactGetItems':
      return ((body.TransactItems ?? []) as { Get?: Json }[]).map((item) =>
        one(String(item.Get?.TableName ?? ''), item.Get?.Key, 'Read', 2),
      );
    default:
      return [];
  }
}

/**
 * A token bucket holding one second of a rate, refilled continuously. A full bucket admits even
 * a request larger than a second's worth and goes into debt: scaled down, a limit must still let
 * every request AWS would take (a 100-item transaction is 200 units, a fifth of a key's second)
 * through eventually, only later.
 */
class Bucket {
  private tokens: number;
  private at = Date.now();
  constructor(private readonly perSecond: number) {
    this.tokens = perSecond;
  }
  /** Refills, then says whether `units` may go now (without taking them). */
  has(units: number): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    return this.tokens >= Math.min(units, this.perSecond);
  }
  take(units: number) {
    this.tokens -= units;
  }
}

/**
 * The `dynamoOnDemand` fault (`ATES_FAULTS=ondemand=<scale>`): DynamoDB's on-demand limits,
 * scaled (1 = AWS's own; 0.01 lets one process reach them), enforced per partition key and per
 * table with one-second token buckets. A request that would go over is answered as DynamoDB
 * answers, before it reaches DynamoDB Local (so it writes and consumes nothing): a hot key with
 * `ProvisionedThroughputExceededException` and a `…KeyRangeThroughputExceeded` reason, the
 * table with `ThrottlingException`, a transaction cancelled with a `ThrottlingError` reason on
 * the item over its key's limit.
 */
export function onDemandThrottle(faults: Faults, scale: number) {
  const buckets = new Map<string, Bucket>();
  const bucket = (name: string, perSecond: number) => {
    let found = buckets.get(name);
    if (!found) buckets.set(name, (found = new Bucket(Math.max(1, perSecond * scale))));
    return found;
  };
  const keyBucket = (c: Charge) =>
    bucket(
      `${c.table}\u0000${c.kind}\u0000${c.key}`,
      c.kind === 'Write' ? ON_DEMAND_LIMITS.keyWrites : ON_DEMAND_LIMITS.keyReads,
    );
  const tableBucket = (c: Charge) =>
    bucket(
      `${c.table}\u0000${c.kind}`,
      c.kind === 'Write' ? ON_DEMAND_LIMITS.tableWrites : ON_DEMAND_LIMITS.tableReads,
    );

  return (request: WireRequest): SdkHttpResponse | undefined => {
    const target = Object.entries(request.headers).find(
      ([name]) => name.toLowerCase() === 'x-amz-target',
    )?.[1];
    if (!target?.startsWith(TARGET)) return undefined;
    const action = target.slice(TARGET.length);
    const charges = chargesOf(action, JSON.parse(request.body || '{}') as Json);
    if (charges.length === 0) return undefined;

    // What each key and table would consume: the request goes whole or not at all.
    const perKey = new Map<Bucket, number>();
    const perTable = new Map<Bucket, number>();
    for (const c of charges) {
      if (c.key !== undefined) perKey.set(keyBucket(c), (perKey.get(keyBucket(c)) ?? 0) + c.units);
      perTable.set(tableBucket(c), (perTable.get(tableBucket(c)) ?? 0) + c.units);
    }
    const hotKey = charges.findIndex(
      (c) => c.key !== undefined && !keyBucket(c).has(perKey.get(keyBucket(c))!),
    );
    const hotTable = [...perTable].some(([b, units]) => !b.has(units));
    if (hotKey < 0 && !hotTable) {
      for (const [b, units] of [...perKey, ...perTable]) b.take(units);
      return undefined;
    }

    faults.stats.dynamoOnDemandThrottled += 1;
    const kind = charges[Math.max(0, hotKey)]!.kind;
    const message =
      'Throughput exceeds the current capacity for one or more global secondary indexes or for your table. DynamoDB is automatically scaling your table or index so please try again shortly.';
    if (action === 'TransactWriteItems' || action === 'TransactGetItems') {
      const throttled = Math.max(0, hotKey);
      const reasons = charges.map((_, i) =>
        i === throttled ? { Code: 'ThrottlingError', Message: message } : { Code: 'None' },
      );
      return awsJsonResponse(400, {
        __type: `${DYNAMO}TransactionCanceledException`,
        Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
        CancellationReasons: reasons,
      });
    }
    if (hotKey >= 0) {
      return awsJsonResponse(400, {
        __type: `${DYNAMO}ProvisionedThroughputExceededException`,
        message,
        ThrottlingReasons: [
          { reason: `Table${kind}KeyRangeThroughputExceeded`, resource: charges[hotKey]!.table },
        ],
      });
    }
    return awsJsonResponse(400, { __type: `${DYNAMO}ThrottlingException`, message });
  };
}
