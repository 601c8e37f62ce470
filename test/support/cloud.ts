import type { ServiceDeclaration } from '#shared/declaration';
import { startLocalCloud, type LocalCloudOptions } from '../../local/cloud/local-cloud';
import { requireTier } from './tiers';

/**
 * The local cloud as system tests run it: in memory, on the test run's DynamoDB Local with this
 * file's table prefix, free ports, quiet, and short retry delays so failures surface fast.
 */
export function startTestCloud(
  services: readonly ServiceDeclaration[],
  overrides: Partial<LocalCloudOptions> = {},
) {
  requireTier('system', 'starts the local cloud');
  return startLocalCloud(testCloudOptions(services, overrides));
}

/** startTestCloud's options, for a test that starts (and restarts) clouds of its own. */
export function testCloudOptions(
  services: readonly ServiceDeclaration[],
  overrides: Partial<LocalCloudOptions> = {},
): LocalCloudOptions {
  return {
    inMemory: true,
    dynamoEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
    tablePrefix: process.env.ATES_TABLE_PREFIX,
    services,
    ses: false,
    scheduler: false,
    quiet: true,
    visibilityTimeoutMs: 30,
    // A poller is woken when a handler returns and by settled(); this bounds only how late a
    // write made from outside the cloud is relayed (test/README.md: 50 ms cost 10% more CPU).
    pollIntervalMs: 500,
    streamRetryDelayMs: 100,
    scheduleRetryDelaysMs: [20, 20],
    // A 5xx explains itself: what the function logged before it is printed with the test.
    onServerError: (report) => console.error(report),
    ...overrides,
  };
}
