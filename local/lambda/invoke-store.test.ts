import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../cloud/local-cloud';

/**
 * Overlapping invocations of one consumer must keep their batches apart, whoever asked for the
 * process's Lambda invoke store first. A single-context store (what the AWS SDK's first request
 * created) let a failed record of one batch be answered as a success once another batch had
 * started: the queue deleted it unapplied, and a bench run lost three in four fees.
 * Each case runs in a process of its own, since the store is one per process.
 */
const run = async (...args: string[]) => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'test/fixtures/sdk-first-batches.ts', ...args],
    { cwd: REPO_ROOT, timeout: 60_000 },
  );
  return JSON.parse(stdout) as Record<string, unknown>;
};

describe('the local Lambda invoke store', () => {
  it('reports each overlapping batch’s own failed records after an SDK request', async () => {
    expect(await run()).toStrictEqual({
      a: { handled: ['a1', 'a2'], response: { batchItemFailures: [{ itemIdentifier: 'a1' }] } },
      b: { handled: ['b1'], response: { batchItemFailures: [] } },
    });
  });

  it('refuses to invoke at all when the store was made single-context before the cloud loaded', async () => {
    expect(await run('sdk-before-cloud-loads')).toStrictEqual({
      error: expect.stringContaining('single-context'),
    });
  });
});
