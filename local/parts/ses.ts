import type { RunningServer } from '../http-io';
import { startSes } from '../ses';
import type { StopStack } from './stop-stack';

/** aws-ses-v2-local, when wanted. */
export function startCloudSes(
  options: { wanted: boolean; port: number },
  stack: StopStack,
): Promise<RunningServer | undefined> {
  if (!options.wanted) return Promise.resolve(undefined);
  return stack.started(startSes(options.port), (server) => server.close());
}
