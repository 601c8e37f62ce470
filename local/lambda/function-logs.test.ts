import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OverlappingEvent } from '../../test/fixtures/overlapping-logger';
import { REPO_ROOT } from '../cloud/local-cloud';
import { cloudEnvironment } from './function-environment';
import { fieldsOf, FunctionLogs } from './function-logs';
import { HandlerLoader } from './handler-loader';
import { onEmfLines } from '../metrics/stdout-tap';

/**
 * Issue 28: invocations of one function overlap in the local cloud's process, and they share
 * the module's Powertools logger. Each line must carry its own invocation's correlation id, and
 * land in the function's log rather than on the terminal.
 */
const FIXTURE = 'test/fixtures/overlapping-logger.ts';
let stopTap: (() => void) | undefined;

afterEach(() => {
  stopTap?.();
  vi.unstubAllEnvs();
});

/** What the local cloud sets for its functions' logging (the rest needs no running engine). */
function stubCloudLogging() {
  const env = cloudEnvironment({
    region: 'us-east-1',
    dynamoEndpoint: 'http://127.0.0.1:1',
    busEndpoint: 'http://127.0.0.1:1',
    sqsEndpoint: 'http://127.0.0.1:1',
    queueVisibilitySeconds: 60,
    busName: 'ates-test',
    gatewayUrl: 'http://127.0.0.1:1',
    tablePrefix: 'ates-test-',
    timeZone: 'UTC',
    services: [],
  });
  for (const [name, value] of Object.entries(env)) {
    if (/^(POWERTOOLS_|AWS_LAMBDA_)/.test(name)) vi.stubEnv(name, value);
  }
}

describe('the functions’ logs in the local cloud', () => {
  it('keeps each overlapping invocation’s correlation id on its own lines', async () => {
    stubCloudLogging();
    stopTap = onEmfLines(() => undefined);
    const logs = new FunctionLogs();
    const loader = new HandlerLoader(REPO_ROOT, logs);
    const ids = ['request-a', 'request-b', 'request-c'];
    let release!: () => void;
    const go = new Promise<void>((resolve) => (release = resolve));
    let tagged = 0;
    const invocations = ids.map((correlationId) =>
      loader.invoke(FIXTURE, { domain: 'tasker', name: 'probe' }, {
        correlationId,
        tagged: () => {
          if (++tagged === ids.length) release();
        },
        go,
      } satisfies OverlappingEvent),
    );
    await Promise.all(invocations);

    const lines = logs.find({ function: 'ates-tasker-probe' });
    expect(lines.map((line) => fieldsOf(line)?.correlation_id).sort()).toStrictEqual(ids);
    // Each line is its invocation's: the request id it was written under has that one id.
    const idsByRequest = new Map(lines.map((line) => [line.requestId, fieldsOf(line)]));
    expect(idsByRequest.size).toBe(ids.length);
    for (const id of ids) expect(logs.find({ correlationId: id })).toHaveLength(1);
  });
});
