import '../local/quiet-sdk-notice';
import './soak/quiet-logs';
import { parseArgs } from 'node:util';
import { startLocalCloud } from '../local/cloud';
import { parseFaults } from '../local/faults';
import { DEFAULT_SOAK, reportTable, runSoak } from './soak/run';

/**
 * `npm run soak -- --tasks N --faults all [--seed 7] [--workers 12]`: the local cloud in memory
 * (its own DynamoDB Local) with the faults on, a day of work driven over HTTP, then every
 * promise checked. Exits 1 on any mismatch.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      tasks: { type: 'string', default: String(DEFAULT_SOAK.tasks) },
      faults: { type: 'string', default: 'all' },
      seed: { type: 'string' },
      workers: { type: 'string', default: String(DEFAULT_SOAK.workers) },
      reshuffles: { type: 'string', default: String(DEFAULT_SOAK.reshuffles) },
      shards: { type: 'string', default: '4' },
    },
  });
  const faultText = [values.faults, values.seed && `seed=${values.seed}`].filter(Boolean).join(',');
  const faults = parseFaults(faultText);
  const started = Date.now();
  const log = (line: string) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  log(`starting the local cloud in memory, faults: ${JSON.stringify(faults ?? 'none')}`);
  const cloud = await startLocalCloud({
    inMemory: true,
    quiet: true,
    scheduler: false,
    timeZone: 'UTC',
    faults,
    streamShards: Number(values.shards),
    visibilityTimeoutMs: 50,
    pollIntervalMs: 50,
    streamRetryDelayMs: 100,
  });
  let code = 1;
  try {
    const report = await runSoak(
      cloud,
      {
        ...DEFAULT_SOAK,
        tasks: Number(values.tasks),
        workers: Number(values.workers),
        reshuffles: Number(values.reshuffles),
        // Quiet comes at about 25-50 messages a second per consumer on a busy laptop.
        settleTimeoutMs: Math.max(DEFAULT_SOAK.settleTimeoutMs, Number(values.tasks) * 1_000),
      },
      log,
    );
    console.log(reportTable(report, { ...cloud.faultStats, ...cloud.bus.stats }));
    code = report.mismatches === 0 ? 0 : 1;
  } catch (error) {
    console.error(`✗ the soak could not finish: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await cloud.stop();
  }
  process.exit(code);
}

void main();
