import './quiet-sdk-notice';
import { bannerOf } from './banner';
import { REPO_ROOT, startLocalCloud, type LocalCloud } from './cloud';
import { inMemoryRequested, portsFromEnvironment, streamShardsFromEnvironment } from './settings';

const startedAt = Date.now();
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
      prepare: seed,
    });
  } catch (error) {
    console.error(`✗ the local cloud could not start: ${(error as Error).message}`);
    process.exit(1);
  }
  if (stopping !== undefined) return;
  console.log(bannerOf(cloud, Date.now() - startedAt, REPO_ROOT));
}

/**
 * npm runs us under tsx: should tsx or npm be killed outright, nobody forwards a signal. A new
 * parent (the orphan's reaper) is the sign to stop; Java has its own watchdog besides.
 */
function stopWhenOrphaned() {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown('the parent process is gone');
  }, 1000).unref();
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
    if (Date.now() - stopping < 2000) return;
    console.error('stopping at once');
    process.exit(1);
  }
  stopping = Date.now();
  console.log(`\n${reason}: stopping the local cloud…`);
  // Should stopping hang, do not hang with it (the exit handler still kills Java).
  setTimeout(() => process.exit(1), 10_000).unref();
  await cloud?.stop();
  console.log('stopped.');
  process.exit(error ? 1 : 0);
}

await main();
