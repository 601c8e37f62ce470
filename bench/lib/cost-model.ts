import type { ServiceDeclaration } from '#shared/declaration';
import { DEFAULT_LAMBDA_MEMORY_MB, PRICES } from './prices';
import type { Usage } from './request-meter';

/** The billable requests of a stretch of a run, by what AWS bills. */
export interface Billable {
  /** The tables' own write request units. */
  dynamoWriteUnits: number;
  /** The global secondary indexes' write request units, billed at the same price. */
  dynamoIndexWriteUnits: number;
  dynamoReadUnits: number;
  eventEntries: number;
  /** SendMessage per delivery, and ReceiveMessage + DeleteMessageBatch per consumer batch. */
  sqsRequests: number;
  lambdaInvocations: number;
  /** Measured: each invocation's wall clock on the bench machine times its declared memory. */
  lambdaGbSeconds: number;
  /** Assumed: {@link ASSUMED_INVOCATION_MS} per invocation times its declared memory. */
  lambdaGbSecondsAssumed: number;
  httpRequests: number;
  emails: number;
}

export const BILLABLE_KEYS = [
  'dynamoWriteUnits',
  'dynamoIndexWriteUnits',
  'dynamoReadUnits',
  'eventEntries',
  'sqsRequests',
  'lambdaInvocations',
  'lambdaGbSeconds',
  'lambdaGbSecondsAssumed',
  'httpRequests',
  'emails',
] as const satisfies readonly (keyof Billable)[];

/**
 * An invocation's duration in AWS, as an assumption beside the measured one: a route or a
 * consumer batch makes a few DynamoDB calls of single-digit milliseconds each.
 */
export const ASSUMED_INVOCATION_MS = 100;

/** What kind of function `ates-<domain>-<name>` is, and the memory infra gives it. */
export function functionOf(services: readonly ServiceDeclaration[], functionName: string) {
  const service = services.find((s) => functionName.startsWith(`ates-${s.domain}-`));
  const name = service ? functionName.slice(`ates-${service.domain}-`.length) : functionName;
  const kind = !service
    ? 'unknown'
    : name in service.routes
      ? 'route'
      : name === 'consumer'
        ? 'consumer'
        : name === 'relay'
          ? 'relay'
          : 'schedule';
  const memoryMb = service?.sizing?.[name]?.memoryMb ?? DEFAULT_LAMBDA_MEMORY_MB;
  return { kind, memoryMb };
}

/**
 * Turns counted usage into billable requests. Lambda duration is the measured wall clock of
 * each in-process invocation (an upper bound: on the bench machine invocations share two cores
 * and wait on DynamoDB Local), times the memory infra declares for that function.
 */
export function billableOf(
  usage: Usage,
  services: readonly ServiceDeclaration[],
  emails = 0,
): Billable {
  let lambdaInvocations = 0;
  let lambdaGbSeconds = 0;
  let lambdaGbSecondsAssumed = 0;
  let httpRequests = 0;
  let consumerBatches = 0;
  for (const [name, { invocations, ms }] of Object.entries(usage.lambda)) {
    const { kind, memoryMb } = functionOf(services, name);
    lambdaInvocations += invocations;
    lambdaGbSeconds += (ms / 1000) * (memoryMb / 1024);
    lambdaGbSecondsAssumed += invocations * (ASSUMED_INVOCATION_MS / 1000) * (memoryMb / 1024);
    if (kind === 'route') httpRequests += invocations;
    if (kind === 'consumer') consumerBatches += invocations;
  }
  return {
    dynamoWriteUnits: usage.dynamoWriteUnits,
    dynamoIndexWriteUnits: usage.dynamoIndexWriteUnits,
    dynamoReadUnits: usage.dynamoReadUnits,
    eventEntries: usage.eventEntries,
    sqsRequests: usage.queueDeliveries + 2 * consumerBatches,
    lambdaInvocations,
    lambdaGbSeconds,
    lambdaGbSecondsAssumed,
    httpRequests,
    emails,
  };
}

/** Each billable figure divided by `count` (per task, per account). */
export const perUnit = (billable: Billable, count: number): Billable =>
  Object.fromEntries(BILLABLE_KEYS.map((k) => [k, billable[k] / count])) as unknown as Billable;

export const sumOf = (...parts: Billable[]): Billable =>
  Object.fromEntries(
    BILLABLE_KEYS.map((k) => [k, parts.reduce((sum, p) => sum + p[k], 0)]),
  ) as unknown as Billable;

/**
 * US dollars, by service, at the on-demand prices of bench/lib/prices.ts; Lambda duration as
 * measured, or (`assumedDuration`) at {@link ASSUMED_INVOCATION_MS} per invocation.
 */
export function dollarsOf(b: Billable, { assumedDuration = false } = {}) {
  const gbSeconds = assumedDuration ? b.lambdaGbSecondsAssumed : b.lambdaGbSeconds;
  const dollars = {
    dynamodb:
      (b.dynamoWriteUnits + b.dynamoIndexWriteUnits) * PRICES.dynamoWriteUnit +
      b.dynamoReadUnits * PRICES.dynamoReadUnit,
    eventbridge: b.eventEntries * PRICES.eventBridgeEvent,
    sqs: b.sqsRequests * PRICES.sqsRequest,
    lambda: b.lambdaInvocations * PRICES.lambdaRequest + gbSeconds * PRICES.lambdaGbSecond,
    apigateway: b.httpRequests * PRICES.httpApiRequest,
    ses: b.emails * PRICES.sesEmail,
  };
  return { ...dollars, total: Object.values(dollars).reduce((sum, d) => sum + d, 0) };
}
