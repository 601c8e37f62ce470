import './quiet-sdk-notice';
import './xray-manual-mode';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { bannerOf } from './banner';
import { realNow } from '../clock/business-clock';
import { faultsFromEnvironment } from '../faults/parse-faults';
import { REPO_ROOT, startLocalCloud, type LocalCloud } from './local-cloud';
import { isAlive } from '../dynamodb/stale-dynamo';
import { senderEmail } from '../../functions/accounting/sender';
import { DEMO_COMPANY } from './demo-company';
import {
  inMemoryRequested,
  portsFromEnvironment,
  sesAccountFromEnvironment,
  streamShardsFromEnvironment,
} from './settings';

// The machine's time: the business clock (.ates/clock.json) may run ahead once the cloud is up.
const startedAt = realNow();
let cloud: LocalCloud | undefined;
let stopping: number | undefined;

/** `npm start`: the local cloud until Ctrl-C, which stops every child process with it. */
async function main() {
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('uncaughtException', (error) => void shutdown('uncaughtException', error));
  process.on('unhandledRejection', (error) => void shutdown('unhandledRejection', error));
  stopWhenOrphaned();

  const inMemory = inMemoryRequested(process.argv.slice(2));
  try {
    // The gateway answers 503 until the seed is in: no login meets an empty Auth table.
    cloud = await startLocalCloud({
      inMemory,
      ports: portsFromEnvironment(),
      streamShards: streamShardsFromEnvironment(),
      faults: faultsFromEnvironment(),
      // In the sandbox by default, as a new AWS account: the demo company can still be mailed.
      sesAccount: sesAccountFromEnvironment([
        senderEmail(),
        ...DEMO_COMPANY.map((login) => login.email),
      ]),
      prepare: seed,
    });
  } catch (error) {
    console.error(`✗ the local cloud could not start: ${(error as Error).message}`);
    process.exit(1);
  }
  if (stopping !== undefined) return;
  console.log(bannerOf(cloud, realNow() - startedAt, REPO_ROOT));
}

/**
 * npm runs `sh -c tsx …`, and tsx runs us: a SIGTERM or SIGKILL to npm ends npm and sh but
 * leaves tsx and this process orphaned, and nobody forwards a signal. So watch the chain above
 * us (tsx, sh, npm): when any of them is gone, stop. Java has its own watchdog besides.
 */
function stopWhenOrphaned() {
  // Under npm: tsx, sh and npm; run as `tsx local/cloud/start.ts`: tsx alone.
  const ancestors = ancestorsOf(process.pid, process.env.npm_lifecycle_event ? 3 : 1);
  setInterval(() => {
    const gone = ancestors.find((pid) => !isAlive(pid));
    if (gone !== undefined) void shutdown(`the parent process ${gone} is gone`);
  }, 1000).unref();
}

/** Up to `levels` parent pids above `pid`, stopping before init. */
function ancestorsOf(pid: number, levels: number): number[] {
  const chain: number[] = [];
  let current = pid;
  for (let i = 0; i < levels; i++) {
    const parent = current === process.pid ? process.ppid : parentOf(current);
    if (!parent || parent <= 1) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (name) state ppid …"; the name may hold spaces, so read after ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    try {
      return Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }));
    } catch {
      return undefined;
    }
  }
}

/** Seeds the demo company (once: existing accounts are kept); a failed seed leaves the cloud up. */
async function seed() {
  try {
    // Imported only now: Auth's modules build their AWS clients on import, and the endpoints
    // they must talk to are in the environment only once the cloud has started.
    const { seedDemoCompany } = await import('./seed-demo');
    await seedDemoCompany({ log: (line) => console.log(line) });
  } catch (error) {
    console.warn(`⚠ seeding the demo company failed: ${(error as Error).stack ?? error}`);
  }
}

async function shutdown(reason: string, error?: unknown) {
  if (error) console.error(`✗ ${reason}:`, error);
  // Ctrl-C reaches npm, tsx and us alike, and tsx passes it on once more: a repeat within a
  // moment is the same Ctrl-C. A later one means "now": exit, and the exit handler kills Java.
  if (stopping !== undefined) {
    if (realNow() - stopping < 2000) return;
    console.error('stopping at once');
    process.exit(1);
  }
  stopping = realNow();
  console.log(`\n${reason}: stopping the local cloud…`);
  // Should stopping hang, do not hang with it (the exit handler still kills Java).
  setTimeout(() => process.exit(1), 10_000).unref();
  await cloud?.stop();
  console.log('stopped.');
  process.exit(error ? 1 : 0);
}

await main();
