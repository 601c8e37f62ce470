import type { Faults } from './faults';
import { awsJsonResponse, type SdkHttpResponse } from '../iam/enforcement';
import type { WireRequest } from '../iam/aws-requests';
import { chargesOf, IndexKeyMemory, type Charge } from './on-demand-charges';
import { keyKindOf } from './on-demand-usage';

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

/**
 * A token bucket holding one second of a rate, refilled continuously. A full bucket admits even
 * a request larger than a second's worth and goes into debt: scaled down, a limit must still let
 * every request AWS would take (a 100-item transaction is 200 units, a fifth of a key's second)
 * through eventually, only later.
 */
class Bucket {
  private tokens: number;
  private at = Date.now();
  /** The units taken in the current whole second, and which second that is. */
  private second = 0;
  private taken = 0;
  constructor(
    readonly perSecond: number,
    /** What the usage report calls this key (or table), and the key itself. */
    readonly kind: string,
    readonly key: string | undefined,
  ) {
    this.tokens = perSecond;
  }
  /** Refills, then says whether `units` may go now (without taking them). */
  has(units: number): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    return this.tokens >= Math.min(units, this.perSecond);
  }
  /** Takes `units`; returns the units taken in this whole second so far. */
  take(units: number): number {
    this.tokens -= units;
    const second = Math.floor(this.at / 1000);
    if (second !== this.second) [this.second, this.taken] = [second, 0];
    return (this.taken += units);
  }
}

/**
 * The `dynamoOnDemand` fault (`ATES_FAULTS=ondemand=<scale>`): DynamoDB's on-demand limits,
 * scaled (1 = AWS's own; 0.01 lets one process reach them), enforced per partition key and per
 * table with one-second token buckets, and likewise per key and per index for the entries a write
 * makes in the table's global secondary indexes (`indexesOf` names a table's indexes; an index
 * `gsi1` is keyed by the attribute `gsi1pk`, as infra declares it). A request that would go over
 * is answered as DynamoDB answers, before it reaches DynamoDB Local (so it writes and consumes
 * nothing): a hot key with `ProvisionedThroughputExceededException` and a
 * `…KeyRangeThroughputExceeded` reason naming the table or index, the table with
 * `ThrottlingException`, a transaction cancelled with a `ThrottlingError` reason on the item over
 * its key's limit. What it throttled and each kind of key's busiest second go to
 * `faults.onDemand` (on-demand-usage.ts).
 */
export function onDemandThrottle(
  faults: Faults,
  scale: number,
  indexesOf: (table: string) => readonly string[] = () => [],
) {
  const buckets = new Map<string, Bucket>();
  const memory = new IndexKeyMemory();
  const bucket = (c: Charge, whole: boolean) => {
    const name = [c.table, c.index ?? '', c.kind, whole ? '' : c.key].join('\u0000');
    let found = buckets.get(name);
    if (!found) {
      const limit = whole
        ? c.kind === 'Write'
          ? ON_DEMAND_LIMITS.tableWrites
          : ON_DEMAND_LIMITS.tableReads
        : c.kind === 'Write'
          ? ON_DEMAND_LIMITS.keyWrites
          : ON_DEMAND_LIMITS.keyReads;
      const key = whole ? undefined : c.key;
      found = new Bucket(Math.max(1, limit * scale), keyKindOf(c.table, c.kind, c.index, key), key);
      buckets.set(name, found);
    }
    return found;
  };

  return (request: WireRequest): SdkHttpResponse | undefined => {
    const target = Object.entries(request.headers).find(
      ([name]) => name.toLowerCase() === 'x-amz-target',
    )?.[1];
    if (!target?.startsWith(TARGET)) return undefined;
    const action = target.slice(TARGET.length);
    const charged = chargesOf(
      action,
      JSON.parse(request.body || '{}') as Record<string, unknown>,
      indexesOf,
      memory,
    );
    const { charges } = charged;
    if (charges.length === 0) return undefined;

    // What each key and table (or index) would consume: the request goes whole or not at all.
    const demand = new Map<Bucket, number>();
    const owed = new Map<Charge, Bucket[]>();
    for (const c of charges) {
      const own = c.key === undefined ? [bucket(c, true)] : [bucket(c, false), bucket(c, true)];
      owed.set(c, own);
      for (const b of own) demand.set(b, (demand.get(b) ?? 0) + c.units);
    }
    const over = [...demand].find(([b, units]) => !b.has(units))?.[0];
    if (!over) {
      for (const [b, units] of demand) {
        const thisSecond = b.take(units);
        faults.onDemand.peak(b.kind, b.key ?? '(all keys)', thisSecond, b.perSecond);
      }
      charged.commit();
      return undefined;
    }

    faults.stats.dynamoOnDemandThrottled += 1;
    faults.onDemand.throttled(action, over.kind);
    const cause = charges.find((c) => owed.get(c)!.includes(over))!;
    const message =
      'Throughput exceeds the current capacity for one or more global secondary indexes or for your table. DynamoDB is automatically scaling your table or index so please try again shortly.';
    if (action === 'TransactWriteItems' || action === 'TransactGetItems') {
      // The reason goes on the item whose key (or whose index entry's key) is over.
      const items = (JSON.parse(request.body) as { TransactItems?: unknown[] }).TransactItems ?? [];
      const reasons = items.map((_, i) =>
        i === (cause.item ?? 0) ? { Code: 'ThrottlingError', Message: message } : { Code: 'None' },
      );
      return awsJsonResponse(400, {
        __type: `${DYNAMO}TransactionCanceledException`,
        Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
        CancellationReasons: reasons,
      });
    }
    if (over.key !== undefined) {
      const resource = cause.index ? `${cause.table}/index/${cause.index}` : cause.table;
      return awsJsonResponse(400, {
        __type: `${DYNAMO}ProvisionedThroughputExceededException`,
        message,
        ThrottlingReasons: [
          {
            reason: `${cause.index ? 'Index' : 'Table'}${cause.kind}KeyRangeThroughputExceeded`,
            resource,
          },
        ],
      });
    }
    return awsJsonResponse(400, { __type: `${DYNAMO}ThrottlingException`, message });
  };
}
