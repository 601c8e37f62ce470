import { join } from 'node:path';
import type { RunningServer } from '../cloud/http-io';
import { startSes } from './ses-server';
import type { StopStack } from '../cloud/stop-stack';
import type { PublishFeedback, SesAccount, SesAccountOptions } from './ses-account';
import type { Faults } from '../faults/faults';

/**
 * aws-ses-v2-local, when wanted, playing `account` (with the cloud's SES faults); its inbox kept
 * under `dataDir` unless in memory.
 */
export function startCloudSes(
  options: {
    wanted: boolean;
    port: number;
    dataDir?: string;
    account: SesAccountOptions;
    faults?: Faults;
    /** Where its bounce and complaint events go: the local default bus. */
    publishFeedback?: PublishFeedback;
  },
  stack: StopStack,
): Promise<(RunningServer & { account: SesAccount }) | undefined> {
  if (!options.wanted) return Promise.resolve(undefined);
  return stack.started(
    startSes(
      options.port,
      options.dataDir && join(options.dataDir, 'ses-inbox.jsonl'),
      options.account,
      options.faults,
      options.publishFeedback,
    ),
    (server) => server.close(),
  );
}
