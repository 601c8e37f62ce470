import { businessTimeZone, requiredEnv } from '#shared/config';
import { signingKeyReplicaIn } from '#shared/auth/signing-key-replica-store';
import { domainHttpHandler } from '#shared/http/handler';
import { consistentReadsAtOnce } from '#shared/reads-at-once';
import type { AnalyticsDeps } from './domain/ports';
import { DynamoBalanceStore } from './store/balance-store';
import { DynamoCallerReplicaStore } from './store/caller-replica-store';
import { DynamoDayTopStore } from './store/day-top-store';
import { DynamoEarningsStore } from './store/earnings-store';
import { DynamoMovementReads } from './store/movement-reads';
import { DynamoTaskFactStore } from './store/task-fact-store';

/** Analytics' table (ANALYTICS_TABLE): its stores' and its consumer's markers. */
export const analyticsTableName = () => requiredEnv('ANALYTICS_TABLE');

/**
 * Analytics' use cases wired to DynamoDB and the business time zone, with `overrides` for a
 * test that needs one part otherwise (a clock). A test that moves to a fresh table builds anew.
 */
export function buildAnalyticsDeps(overrides: Partial<AnalyticsDeps> = {}): AnalyticsDeps {
  const tableName = analyticsTableName();
  // One for the consumer's reads: a batch's task facts and movements go in one BatchGetItem.
  const reads = consistentReadsAtOnce(tableName);
  return {
    callers: new DynamoCallerReplicaStore(tableName),
    facts: new DynamoTaskFactStore(tableName, reads),
    tops: new DynamoDayTopStore(tableName),
    earnings: new DynamoEarningsStore(tableName),
    balances: new DynamoBalanceStore(tableName),
    movementReads: new DynamoMovementReads(tableName, reads),
    clock: () => new Date(),
    timeZone: businessTimeZone(),
    ...overrides,
  };
}

let deps: AnalyticsDeps | undefined;

/** Built once per process, so a warm Lambda reuses its clients. */
export const analyticsDeps = (): AnalyticsDeps => (deps ??= buildAnalyticsDeps());

/** Analytics's copy of Auth's public signing keys, kept by its consumer, read by its routes. */
export const analyticsSigningKeys = /* @__PURE__ */ signingKeyReplicaIn(analyticsTableName);

/**
 * Analytics' routes: a token whose user Auth has since deactivated or re-roled is refused as
 * soon as the user event has reached Analytics' caller replica.
 */
export const analyticsHttp = /* @__PURE__ */ domainHttpHandler({
  callers: () => analyticsDeps().callers,
  signingKeys: analyticsSigningKeys,
});
