import '../local/cloud/quiet-sdk-notice';
import '../local/cloud/xray-manual-mode';
import './soak/quiet-logs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, startLocalCloud, type LocalCloudOptions } from '../local/cloud/local-cloud';
import { iamReportText } from '../local/iam/enforcement';
import { startDynamoDbLocal } from '../local/dynamodb/dynamodb-local';
import { freePort } from '../local/cloud/free-port';
import { parseFaults } from '../local/faults/parse-faults';
import { restartOnSameData } from './soak/restart';
import { DEFAULT_SOAK, reportTable, runSoak } from './soak/run';
import { realNow } from '../local/clock/business-clock';

/**
 * `npm run soak -- --tasks N --faults all [--restart] [--seed 7] [--workers 12]`: the local
 * cloud (its own DynamoDB Local) with the faults on, a day of work driven over HTTP, then every
 * promise checked. `--restart` kills the cloud hard after the day's traffic and starts it again
 * on the same data (queues, dead letters and stream positions in a temporary directory, DynamoDB
 * Local outliving the cloud). Exits 1 on any mismatch.
 */
/** Where the soak leaves its IAM report (beside the local cloud's data). */
const REPORT_DIR = join(REPO_ROOT, '.ates');

async function main() {
  const { values } = parseArgs({
    options: {
      tasks: { type: 'string', default: String(DEFAULT_SOAK.tasks) },
      faults: { type: 'string', default: 'all' },
      seed: { type: 'string' },
      workers: { type: 'string', default: String(DEFAULT_SOAK.workers) },
      reshuffles: { type: 'string', default: String(DEFAULT_SOAK.reshuffles) },
      shards: { type: 'string', default: '4' },
      restart: { type: 'boolean', default: false },
    },
  });
  const faultText = [values.faults, values.seed && `seed=${values.seed}`].filter(Boolean).join(',');
  const faults = parseFaults(faultText);
  const started = realNow();
  const log = (line: string) =>
    console.log(`[${((realNow() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const restart = values.restart;
  log(
    `starting the local cloud${restart ? ' (restartable)' : ' in memory'}, faults: ${JSON.stringify(faults ?? 'none')}`,
  );
  // A restart needs data that outlives the cloud: an engine of its own and a data directory.
  const dynamo = restart ? await startDynamoDbLocal({ port: await freePort() }) : undefined;
  const dataDir = restart ? mkdtempSync(join(tmpdir(), 'ates-soak-')) : undefined;
  const options: LocalCloudOptions = {
    inMemory: !restart,
    dataDir,
    dynamoEndpoint: dynamo?.endpoint,
    quiet: true,
    scheduler: false,
    timeZone: 'UTC',
    faults,
    streamShards: Number(values.shards),
    visibilityTimeoutMs: 50,
    pollIntervalMs: 50,
    streamRetryDelayMs: 100,
  };
  let cloud = await startLocalCloud(options);
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
        restart: restart
          ? async (old) =>
              (cloud = await restartOnSameData((ports) => startLocalCloud({ ...options, ports }))(
                old,
              ))
          : undefined,
      },
      log,
    );
    console.log(reportTable(report, { ...report.faults, ...cloud.bus.stats }));
    if (report.iam) {
      console.log(`\n${iamReportText(report.iam)}`);
      mkdirSync(REPORT_DIR, { recursive: true });
      writeFileSync(
        join(REPORT_DIR, 'iam-report.json'),
        `${JSON.stringify(report.iam, null, 2)}\n`,
      );
      console.log(`(written to ${join(REPORT_DIR, 'iam-report.json')})`);
    }
    code = report.mismatches === 0 ? 0 : 1;
  } catch (error) {
    console.error(`✗ the soak could not finish: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await cloud.stop();
    await dynamo?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(code);
}

void main();
