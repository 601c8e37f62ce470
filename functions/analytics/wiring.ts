import { businessTimeZone } from '#shared/config';
import type { AnalyticsDeps } from './domain/ports';
import { DynamoBalanceStore } from './store/balance-store';
import { DynamoDayTopStore } from './store/day-top-store';
import { DynamoEarningsStore } from './store/earnings-store';
import { DynamoTaskFactStore } from './store/task-fact-store';

let deps: AnalyticsDeps | undefined;

/**
 * The composition root: Analytics' use cases wired to DynamoDB (the table named by
 * ANALYTICS_TABLE, read on each call) and the business time zone. Built once per process.
 */
export function analyticsDeps(): AnalyticsDeps {
  deps ??= {
    facts: new DynamoTaskFactStore(),
    tops: new DynamoDayTopStore(),
    earnings: new DynamoEarningsStore(),
    balances: new DynamoBalanceStore(),
    clock: () => new Date(),
    timeZone: businessTimeZone(),
  };
  return deps;
}
