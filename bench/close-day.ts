/**
 * The daily close of many accounts on the local cloud (in memory), fired by Accounting's own
 * schedule: prints the total time, accounts per second, the longest single invocation of the
 * consumer, when the last payout e-mail was sent, and the item writes per second the close made
 * as a ratio to the shaped floor measured in the same run.
 *
 *   npx tsx bench/close-day.ts --accounts 10000
 *   npx tsx bench/close-day.ts --accounts 10000 --floor 1070   (the floor taken as given)
 *   npx tsx bench/close-day.ts --floor 1070 --faults ondemand=1   (AWS's on-demand limits on)
 *
 * `--faults` takes an `ATES_FAULTS` list (local/faults/faults.ts); `ondemand=1` models AWS's own
 * per-key, per-index-key and per-table limits. The run then prints the throttled requests by
 * operation and key kind, each kind of key's busiest second, the longest invocation of each
 * function and how many receives came after a whole visibility timeout (a message nobody handed
 * back sooner), and merges them into bench/results/latest.json (`close_day.<accounts>.…`).
 *
 * The floor (`bench/blocks/floor.ts`, full size, on a DynamoDB Local of its own that is stopped
 * before the close starts) is what the engine writes in 100-item transactions on a table shaped
 * like Tasker's. The close's item writes are counted from the SDK calls its handlers make
 * (`RequestMeter`), not derived from the code.
 *
 * The accounts are written straight into the table (a third in credit, a third in debt, a third
 * at zero); the close and the e-mails then run exactly as in AWS: the fan-out through
 * Accounting's own events, the lanes' chunk messages side by side.
 */
import '../local/cloud/quiet-sdk-notice';
import '../local/cloud/xray-manual-mode';
import { parseArgs } from 'node:util';
import { accountingService } from '../functions/accounting/service';
import { describeFigures, measureClose } from '../test/support/measure-close';
import { startLocalCloud } from '../local/cloud/local-cloud';
import { parseFaults } from '../local/faults/parse-faults';
import { floor } from './blocks/floor';
import { CallProfiler, describeProfile, type CallProfile } from './lib/call-profile';
import { RequestMeter, type Usage } from './lib/request-meter';
import { round } from './lib/measure';
import { recordInLatest, scaleFigures } from './lib/scale-figures';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    floor: { type: 'string' },
    faults: { type: 'string' },
  },
});
const faults = parseFaults(values.faults);
const ACCOUNTS = Number(values.accounts);

let shapedFloor: number;
if (values.floor) {
  shapedFloor = Number(values.floor);
  console.log(`shaped floor (given): ${shapedFloor} item writes/s in 100-item transactions`);
} else {
  // Full size: the quick floor's twenty 100-item transactions measured 391–507 on one machine
  // within an hour, the full eighty 498–505.
  const measured = await floor({ quick: false });
  shapedFloor = measured.figures['floor.tx100_item_writes_per_s']!;
  console.log('the floor, measured now (full size, its own DynamoDB Local):');
  for (const line of measured.lines) console.log(`  ${line}`);
}

const cloud = await startLocalCloud({
  inMemory: true,
  quiet: true,
  services: [accountingService],
  ses: true,
  scheduler: true,
  ...(faults ? { faults } : {}),
});
// What the faults did so far, every 30 s: a run cut short still says what it met.
const accountingQueue = cloud.queues.get('accounting')!;
const counters = setInterval(() => {
  const { dynamoOnDemandThrottled, dynamoTransactionsThrottled } = cloud.faultStats;
  console.log(
    `  so far: ${dynamoOnDemandThrottled} requests throttled by the on-demand model (${dynamoTransactionsThrottled} random), ` +
      `${accountingQueue.failedReceives} failed receive(s), ${accountingQueue.visibilityTimeoutsWaited} after a whole visibility timeout`,
  );
}, 30_000);
try {
  const meter = new RequestMeter(cloud);
  const profiler = new CallProfiler();
  let fired: { usage: Usage; profile: CallProfile } | undefined;
  let closed: { usage: Usage; profile: CallProfile } | undefined;
  let settled: Usage | undefined;
  const figures = await measureClose(cloud, ACCOUNTS, (line) => console.log(line), {
    fired: () => (fired = { usage: meter.snapshot(), profile: profiler.snapshot() }),
    closed: () =>
      (closed = { usage: meter.since(fired!.usage), profile: profiler.since(fired!.profile) }),
    settled: () => (settled = meter.since(fired!.usage)),
  });
  console.log(describeFigures(figures));
  console.table([figures]);

  const closeWrites = closed!.usage.dynamoWriteItems;
  const allWrites = settled!.dynamoWriteItems;
  const closeRate = closeWrites / figures.closeSeconds;
  const allRate = allWrites / figures.mailsSeconds;
  console.log(
    `item writes, schedule → last lane done: ${closeWrites} (${(closeWrites / figures.accounts).toFixed(2)} per account) ` +
      `in ${figures.closeSeconds.toFixed(1)} s = ${closeRate.toFixed(0)} item writes/s = ` +
      `${(closeRate / shapedFloor).toFixed(2)} of the shaped floor (${shapedFloor})`,
  );
  console.log(
    `item writes, schedule → every e-mail sent: ${allWrites} (${(allWrites / figures.accounts).toFixed(2)} per account) ` +
      `in ${figures.mailsSeconds.toFixed(1)} s = ${allRate.toFixed(0)} item writes/s = ` +
      `${(allRate / shapedFloor).toFixed(2)} of the shaped floor`,
  );
  console.log('DynamoDB calls until the last lane was done (latencies overlap):');
  for (const line of describeProfile(closed!.profile, figures.accounts, 'account'))
    console.log(line);
  const throttled = Object.entries(cloud.faultStats).filter(([, count]) => count > 0);
  console.log(
    `faults: ${values.faults ?? 'none'}; injected: ${throttled.length ? throttled.map(([k, n]) => `${k} ${n}`).join(', ') : 'nothing'}`,
  );
  const prefix = `close_day.${figures.accounts}`;
  const scale = scaleFigures(prefix, cloud, faults?.dynamoOnDemand);
  for (const line of scale.lines) console.log(line);
  const file = recordInLatest(
    'close_day',
    {
      ...scale.figures,
      [`${prefix}.seed_seconds`]: round(figures.seedSeconds, 1),
      [`${prefix}.close_seconds`]: round(figures.closeSeconds, 1),
      [`${prefix}.mails_seconds`]: round(figures.mailsSeconds, 1),
      [`${prefix}.accounts_per_s`]: round(figures.accountsPerSecond),
      [`${prefix}.item_writes_per_account`]: round(closeWrites / figures.accounts, 2),
      [`${prefix}.ratio_to_floor`]: round(closeRate / shapedFloor, 2),
    },
    [describeFigures(figures), ...scale.lines],
  );
  console.log(`figures written to ${file}`);
  if (cloud.deadLetters.list().length > 0)
    console.log(`${cloud.deadLetters.list().length} dead letter(s): npm run dlq -- list`);
} finally {
  clearInterval(counters);
  await cloud.stop();
}
