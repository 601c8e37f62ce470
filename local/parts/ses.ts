import { join } from 'node:path';
import type { RunningServer } from '../http-io';
import { startSes } from '../ses';
import type { SesAccount, SesAccountOptions } from '../ses-account';
import type { StopStack } from './stop-stack';

/** aws-ses-v2-local, when wanted, playing `account`; its inbox kept under `dataDir` unless in memory. */
export function startCloudSes(
  options: { wanted: boolean; port: number; dataDir?: string; account: SesAccountOptions },
  stack: StopStack,
): Promise<(RunningServer & { account: SesAccount }) | undefined> {
  if (!options.wanted) return Promise.resolve(undefined);
  return stack.started(
    startSes(
      options.port,
      options.dataDir && join(options.dataDir, 'ses-inbox.jsonl'),
      options.account,
    ),
    (server) => server.close(),
  );
}
