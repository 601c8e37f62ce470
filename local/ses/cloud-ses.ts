import { join } from 'node:path';
import type { RunningServer } from '../cloud/http-io';
import { startSes } from './ses-server';
import type { StopStack } from '../cloud/stop-stack';

/** aws-ses-v2-local, when wanted; its inbox kept under `dataDir` unless in memory. */
export function startCloudSes(
  options: { wanted: boolean; port: number; dataDir?: string },
  stack: StopStack,
): Promise<RunningServer | undefined> {
  if (!options.wanted) return Promise.resolve(undefined);
  return stack.started(
    startSes(options.port, options.dataDir && join(options.dataDir, 'ses-inbox.jsonl')),
    (server) => server.close(),
  );
}
