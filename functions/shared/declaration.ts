import type { DomainName, Role } from '#events';

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

export interface ConsumerDeclaration {
  /** The function that reads the domain's queue: one per domain, it dispatches on (name, version). */
  readonly handler: string;
  readonly subscriptions: readonly EventSubscription[];
  /** SQS batch size for the event source mapping. */
  readonly batchSize: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly timeoutSeconds?: number;
}

export interface ScheduleDeclaration {
  readonly name: string;
  /** Six-field EventBridge cron body without the `cron(...)` wrapper: `0 18 ? * MON-FRI *`. */
  readonly cron: string;
  readonly handler: string;
  readonly description: string;
}

export interface TableDeclaration {
  /** Environment variable that carries the table name into every function of the domain. */
  readonly envVar: string;
  readonly partitionKey: 'pk';
  readonly sortKey: 'sk';
  /** Global secondary indexes: `<name>pk`/`<name>sk` string keys, all attributes projected. */
  readonly indexes: readonly string[];
  readonly ttlAttribute: 'expires_at';
}

/** Memory and timeout for one function that needs more than the defaults (128 MB, 10 s). */
export interface FunctionSizing {
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
}

export interface ServiceDeclaration {
  readonly domain: DomainName;
  readonly table: TableDeclaration;
  readonly routes: Readonly<Record<string, RouteDeclaration>>;
  readonly consumer?: ConsumerDeclaration;
  readonly schedules?: readonly ScheduleDeclaration[];
  /** Sizing by route name, `relay`, `consumer` or schedule name. */
  readonly sizing?: Readonly<Record<string, FunctionSizing>>;
  /** Functions of the domain that send e-mail through SES: route names, `consumer` or schedule names. */
  readonly mail?: { readonly senders: readonly string[] };
}

/** Every domain's table has the same shape; only the name, env var and indexes differ. */
export const domainTable = (envVar: string, indexes: readonly string[] = []): TableDeclaration => ({
  envVar,
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes,
  ttlAttribute: 'expires_at',
});

/** The outbox relay is the same function for every domain, fed by the domain table's stream. */
export const RELAY_HANDLER = 'functions/shared/outbox/relay-handler.ts';

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
