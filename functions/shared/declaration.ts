import type { DomainName, Role } from '#events';
import type { MetricName } from './metrics/catalog';

/**
 * A domain's declaration, plain data: `infra/` turns it into AWS resources and `local/` into
 * the local cloud, so what the tests route locally is what gets deployed.
 *
 * Handler references are file paths relative to the repository root; each file exports `handler`.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `public`: no token; `signed-in`: any valid token; a role list: a valid token with one of them. */
export type Access = 'public' | 'signed-in' | readonly Role[];

export interface RouteDeclaration {
  readonly method: HttpMethod;
  /** API Gateway HTTP API path, with `{name}` parameters: `/tasks/{id}/complete`. */
  readonly path: string;
  readonly handler: string;
  readonly access: Access;
  readonly summary: string;
}

export interface EventSubscription {
  readonly source: DomainName;
  readonly events: readonly string[];
}

/**
 * Events an AWS service publishes on the account's default bus (SES's bounces and complaints),
 * which a rule there sends to the domain's queue: AWS's shape, not an aTES envelope.
 */
export interface AwsEventSubscription {
  /** The service's source: `aws.ses`. */
  readonly source: `aws.${string}`;
  readonly detailTypes: readonly string[];
}

export interface ConsumerDeclaration {
  /** The function that reads the domain's queue: one per domain, it dispatches on (name, version). */
  readonly handler: string;
  readonly subscriptions: readonly EventSubscription[];
  /** AWS's own events from the default bus, dispatched on (source, detail-type). */
  readonly awsSubscriptions?: readonly AwsEventSubscription[];
  /** SQS batch size for the event source mapping. */
  readonly batchSize: number;
  /**
   * Batches of this consumer in flight at once, the same in both clouds: the SQS event source
   * mapping's maximum concurrency (2 to 1,000), the executions reserved for the function, and
   * the local queue's cap. Fewer batches at once refuse fewer of each other's group commits
   * (one moved an account the other had read); more drain a backlog faster where the work does
   * not race. The values and their measurements: docs/operations.md, "Concurrency".
   */
  readonly maxConcurrency: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly timeoutSeconds?: number;
}

/**
 * What AWS accepts as an SQS event source mapping's maximum concurrency (Lambda API reference,
 * `ScalingConfig.MaximumConcurrency`: 2 to 1,000). Both clouds check a declaration against it,
 * so a value AWS would refuse at deploy is refused by the local cloud too.
 */
export const SQS_MAPPING_CONCURRENCY = { min: 2, max: 1000 } as const;

/** The consumer's declared maximum concurrency, or an error naming the domain if AWS would refuse it. */
export function consumerConcurrencyOf(
  domain: string,
  consumer: Pick<ConsumerDeclaration, 'maxConcurrency'>,
): number {
  const { maxConcurrency } = consumer;
  const { min, max } = SQS_MAPPING_CONCURRENCY;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < min || maxConcurrency > max) {
    throw new Error(
      `${domain}'s consumer declares maxConcurrency ${maxConcurrency}: an SQS event source mapping takes a whole number from ${min} to ${max}`,
    );
  }
  return maxConcurrency;
}

/**
 * How a schedule's run is delivered, in AWS and in the local scheduler alike. EventBridge
 * Scheduler invokes the function asynchronously: it retries an invocation Lambda refuses
 * (throttled, not found) and dead-letters it after `invokeRetryAttempts` or `maxEventAgeSeconds`.
 * A function that throws is a different failure: Lambda's async queue retries the run
 * `runRetryAttempts` times and then hands it to the on-failure destination (a dead-letter queue
 * with an alarm). See docs/operations.md, "Scheduled runs".
 */
export const SCHEDULE_DELIVERY = {
  invokeRetryAttempts: 5,
  maxEventAgeSeconds: 6 * 60 * 60,
  /** Lambda's maximum; each retry of a daily close is safe because the close is idempotent. */
  runRetryAttempts: 2,
} as const;

export interface ScheduleDeclaration {
  readonly name: string;
  /** Six-field EventBridge cron body without the `cron(...)` wrapper: `0 18 ? * MON-FRI *`. */
  readonly cron: string;
  readonly handler: string;
  readonly description: string;
  /**
   * What a run achieves, as a metric of the catalog counted when it is done, and the most hours
   * that may pass without it: an alarm fires when a run has not finished in its expected time.
   */
  readonly mustFinish?: { readonly metric: MetricName; readonly withinHours: number };
}

/** A global secondary index: its name, and what of each item it copies beside the keys. */
export interface IndexDeclaration {
  readonly name: string;
  /**
   * `ALL` attributes, or the non-key attributes an `INCLUDE` projection copies (the table's and
   * the index's keys always come): an index read by one query only needs only what it reads.
   */
  readonly projection: 'ALL' | readonly string[];
}

export interface TableDeclaration {
  /** Environment variable that carries the table name into every function of the domain. */
  readonly envVar: string;
  readonly partitionKey: 'pk';
  readonly sortKey: 'sk';
  /** Global secondary indexes, each keyed by the string attributes `<name>pk`/`<name>sk`. */
  readonly indexes: readonly IndexDeclaration[];
  readonly ttlAttribute: 'expires_at';
}

/** Memory and timeout for one function that needs more than the defaults (128 MB, 10 s). */
export interface FunctionSizing {
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  /**
   * Reserved concurrency: at most this many instances at once, and as many kept for it. For a
   * heavy function (scrypt at 1 GB) so a burst of it cannot take the account's concurrency from
   * the relays and consumers (docs/operations.md, "Concurrency").
   */
  readonly reservedConcurrency?: number;
}

/** A partition that holds secrets: only the functions named may read or write its items. */
export interface PrivatePartition {
  /** The partition key value (`pk`) of the items. */
  readonly partitionKey: string;
  /** Route names, `consumer` or schedule names. */
  readonly functions: readonly string[];
}

/**
 * What a function may do to its domain's table beyond the default: GET routes read, every other
 * function reads and writes (Get, Query, BatchGet, Put, Update, ConditionCheck); nobody scans.
 */
export interface TableAccessDeclaration {
  /** Functions that delete items (alone or inside a transaction): route names, `consumer` or schedule names. */
  readonly deleters?: readonly string[];
  readonly privatePartitions?: readonly PrivatePartition[];
}

export interface ServiceDeclaration {
  readonly domain: DomainName;
  readonly table: TableDeclaration;
  readonly routes: Readonly<Record<string, RouteDeclaration>>;
  readonly consumer?: ConsumerDeclaration;
  readonly schedules?: readonly ScheduleDeclaration[];
  /** Sizing by route name, `relay`, `consumer` or schedule name. */
  readonly sizing?: Readonly<Record<string, FunctionSizing>>;
  /**
   * Functions of the domain that send e-mail through SES: route names, `consumer` or schedule
   * names. `feedback`: the sending events its configuration set publishes to the default bus.
   */
  readonly mail?: {
    readonly senders: readonly string[];
    readonly feedback?: readonly SesFeedbackEvent[];
  };
  /** Deletes and secrets: who may do more, or less, to the table than the default. */
  readonly tableAccess?: TableAccessDeclaration;
}

/**
 * Every domain's table has the same shape; only the name, env var and indexes differ. An index
 * named alone projects every attribute.
 */
export const domainTable = (
  envVar: string,
  indexes: readonly (string | IndexDeclaration)[] = [],
): TableDeclaration => ({
  envVar,
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: indexes.map((index) =>
    typeof index === 'string' ? { name: index, projection: 'ALL' } : index,
  ),
  ttlAttribute: 'expires_at',
});

/**
 * The domain whose folder holds a handler file (`functions/<domain>/handlers/…`): the `service`
 * its metrics are filed under, known to the handler without an environment variable (the local
 * cloud runs every domain's handlers in one process).
 */
export const domainOfHandler = (file: string) =>
  /^functions\/([^/]+)\//.exec(file)?.[1] ?? 'unknown';

/** The outbox relay is the same function for every domain, fed by the domain table's stream. */
export const RELAY_HANDLER = 'functions/shared/outbox/relay-handler.ts';

/** The EventBridge Scheduler expression of a declared schedule: what infra deploys. */
export const scheduleExpressionOf = (schedule: Pick<ScheduleDeclaration, 'cron'>) =>
  `cron(${schedule.cron})`;

export function defineService<const S extends ServiceDeclaration>(service: S): S {
  return service;
}

/**
 * The EventBridge rule pattern of one subscription. Built here, once, so the rules `infra/`
 * deploys and the rules the local bus matches are the same objects.
 */
export const rulePatternOf = (subscription: EventSubscription) => ({
  source: [`ates.${subscription.source}`],
  'detail-type': [...subscription.events],
});

/**
 * The EventBridge pattern of AWS's events a consumer subscribes to, on the default bus: the rule
 * infra deploys and the local bus matches.
 */
export const awsRulePatternOf = (subscription: AwsEventSubscription) => ({
  source: [subscription.source],
  'detail-type': [...subscription.detailTypes],
});

/** The one bus an AWS service (SES) publishes its events to: the account's default bus. */
export const DEFAULT_BUS = 'default';

/** SES sending events a configuration set publishes, as its event destination names them. */
export type SesFeedbackEvent = 'BOUNCE' | 'COMPLAINT';

/** The detail-type SES gives each on EventBridge (source `aws.ses`). */
export const SES_DETAIL_TYPE: Record<SesFeedbackEvent, string> = {
  BOUNCE: 'Email Bounced',
  COMPLAINT: 'Email Complaint Received',
};
