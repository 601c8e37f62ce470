import { randomUUID } from 'node:crypto';
import { businessDateOf } from '#shared/time/business-day';
import type { LocalCloud } from '../../local/cloud/local-cloud';
import type { FaultStats } from '../../local/faults/faults';
import {
  accountDays,
  checkAssignees,
  checkDeadLetters,
  checkEarnings,
  checkMostExpensive,
  checkNegativeCount,
  checkEntryCounts,
  checkLedger,
  checkMails,
  checkOutboxesConsumed,
  checkPayouts,
  checkPoisonFixed,
  checkTodayRefused,
  closeLastEndedDay,
  undeliverableOf,
  type CheckResult,
} from './checks';
import { endTheDay } from './clock';
import { allTasks, driveTheDay, type DriveFigures } from './drive';
import { apiOf } from './http';
import { injectPoison, redriveFixedPoison } from './poison';
import { hirePopulation, signInAgain } from './population';
import { tableReader } from './tables';
import { mergeIamReports, type IamReport } from '../../local/iam/enforcement';
import { mergeMetricsViews, type MetricsView } from '../../local/metrics/board';
import { metricsLines } from '../../local/metrics/page';
import { realNow } from '../../local/clock/business-clock';

export interface SoakOptions {
  tasks: number;
  workers: number;
  managers: number;
  reshuffles: number;
  poison: number;
  /** HTTP calls in flight at once. */
  parallel: number;
  /** How long to wait for the cloud to go quiet at each step. */
  settleTimeoutMs: number;
  /**
   * Kills the cloud hard right after the day's HTTP traffic, while its queues, streams and
   * consumers are busiest, and starts it again on the same data (same ports). Off when absent.
   */
  restart?: (cloud: LocalCloud) => Promise<LocalCloud>;
}

export const DEFAULT_SOAK: SoakOptions = {
  tasks: 300,
  workers: 12,
  managers: 2,
  reshuffles: 3,
  poison: 3,
  parallel: 8,
  settleTimeoutMs: 600_000,
};

export interface SoakReport {
  checks: CheckResult[];
  /** What the functions' AWS calls were judged on, over every cloud of the run; none when IAM is off. */
  iam?: IamReport;
  /** The functions' metrics (EMF), summed over every cloud of the run. */
  metrics: MetricsView;
  figures: DriveFigures & {
    people: number;
    events: number;
    deliveries: number;
    paid: number;
    paidCents: number;
    restarts: number;
    seconds: Record<string, number>;
  };
  /** Faults injected, summed over every cloud the soak ran on (a restart starts a new one). */
  faults: FaultStats;
  mismatches: number;
}

/**
 * The soak scenario on a running cloud (faults on or off): hire, drive a day of work over
 * HTTP with poison events on the bus, wait until quiet, verify, close the day, verify again,
 * fix and redrive the poison, verify convergence. Never throws on a mismatch: it reports it.
 */
export async function runSoak(
  firstCloud: LocalCloud,
  options: SoakOptions,
  progress: (line: string) => void = () => undefined,
): Promise<SoakReport> {
  let cloud = firstCloud;
  const stoppedClouds: LocalCloud[] = [];
  const api = apiOf(cloud.urls.gateway);
  const scan = tableReader(cloud.urls.dynamodb, process.env.AWS_REGION ?? 'us-east-1');
  const today = businessDateOf(new Date(), process.env.ATES_TIMEZONE || 'UTC');
  const seconds: Record<string, number> = {};
  let mark = realNow();
  const lap = (name: string) => {
    seconds[name] = (realNow() - mark) / 1000;
    mark = realNow();
  };
  const settle = async (what: string) => {
    progress(`waiting for the cloud to go quiet (${what})…`);
    const depths = setInterval(() => {
      const queues = [...cloud.queues.values()].map((q) => `${q.domain} ${q.depth}`).join(', ');
      progress(`  queues: ${queues}; ${cloud.bus.stats.published} events published so far`);
    }, 10_000);
    try {
      await cloud.settled(options.settleTimeoutMs);
    } finally {
      clearInterval(depths);
    }
    await signInAgain(api, people); // the wait may outlast a 10-minute token
  };
  const checks: CheckResult[] = [];
  const record = (result: CheckResult) => {
    checks.push(result);
    progress(`${result.ok ? '✓' : '✗'} ${result.name}: ${result.detail}`);
  };

  const people = await hirePopulation(api, options, randomUUID().slice(0, 8));
  await settle('users reach every domain');
  lap('hire');
  progress(`hired ${people.everyone.length} people`);

  const poison = injectPoison(cloud, options.poison);
  progress(`put ${poison.length} poison events on the bus`);
  const drive = await driveTheDay(api, people, options, progress);
  lap('drive');
  if (options.restart) {
    const queued = [...cloud.queues.values()].reduce((sum, q) => sum + q.depth, 0);
    progress(`killing the cloud hard with ${queued} messages queued or in flight…`);
    stoppedClouds.push(cloud);
    cloud = await options.restart(cloud);
    progress('restarted on the same data');
    lap('restart');
  }
  await settle('the day reaches every domain');
  lap('settle');

  const outboxes = await checkOutboxesConsumed(cloud, scan);
  record(outboxes);
  record(checkAssignees(await allTasks(api, people.managers[0]!), drive.created));
  const before = await accountDays(api, people, today);
  record(checkLedger(before, 'before the close'));
  record(await checkEntryCounts(cloud, scan, before, drive.completed));
  record(await checkEarnings(api, people, today));
  record(await checkNegativeCount(api, people, today, before));
  record(await checkMostExpensive(api, people, today, before));
  lap('verify');

  record(await checkTodayRefused(api, people, today));
  progress(`ending ${today} and closing it…`);
  await endTheDay(api, today, process.env.ATES_TIMEZONE || 'UTC');
  await signInAgain(api, people); // tokens issued yesterday, on the new clock
  const close = (await closeLastEndedDay(api, people, today)) as {
    paid_count: number;
    paid_total_cents: number;
  };
  await settle('payouts e-mailed');
  lap('close');
  const after = await accountDays(api, people, today);
  record(checkLedger(after, 'after the close'));
  record(checkPayouts(before, after, close));
  if (cloud.urls.sesInbox) {
    const undeliverable = await undeliverableOf(api, people, today);
    record(await checkMails(cloud.urls.sesInbox, people, before, undeliverable));
  }
  record(await checkEarnings(api, people, today));
  record(await checkNegativeCount(api, people, today, before));
  record(checkDeadLetters(cloud, poison));

  const redriven = redriveFixedPoison(cloud);
  progress(`fixed and redrove ${redriven.length} dead letters`);
  await settle('the redriven poison is applied');
  record(await checkPoisonFixed(cloud, scan, poison, redriven.length));
  const final = await checkOutboxesConsumed(cloud, scan);
  record({ ...final, name: `${final.name} (after the redrive)` });
  record(checkLedger(await accountDays(api, people, today), 'after the redrive'));
  record(await checkEarnings(api, people, today));
  record(await checkNegativeCount(api, people, today, before));
  record(await checkMostExpensive(api, people, today, before));
  lap('redrive');

  const clouds = [...stoppedClouds, cloud];
  const iamReports = clouds.flatMap((c) => c.iamReport() ?? []);
  const iam = iamReports.length > 0 ? mergeIamReports(iamReports) : undefined;
  if (iam) record(checkNothingDenied(iam));

  return {
    checks,
    iam,
    metrics: mergeMetricsViews(clouds.map((c) => c.metrics())),
    figures: {
      ...drive,
      people: people.everyone.length,
      events: final.published,
      deliveries: final.deliveries,
      paid: close.paid_count,
      paidCents: close.paid_total_cents,
      restarts: stoppedClouds.length,
      seconds,
    },
    faults: sumStats(clouds.map((c) => c.faultStats)),
    mismatches: checks.filter((c) => !c.ok).length,
  };
}

/** IAM refused no call any function made: each one is allowed by the policy CDK deploys. */
function checkNothingDenied(iam: IamReport): CheckResult {
  const calls = iam.calls.reduce((sum, c) => sum + c.count, 0);
  return {
    name: 'no AWS call denied by IAM',
    ok: iam.denied.length === 0,
    detail:
      iam.denied.length === 0
        ? `${calls} calls of ${iam.invoked.length} functions judged, all allowed; ${iam.unusedGrants.length} grants unused`
        : iam.denied.map((d) => `${d.function} ${d.action} ${d.resource} ×${d.count}`).join('; '),
  };
}

function sumStats(all: readonly FaultStats[]): FaultStats {
  const total = { ...all[0]! };
  for (const stats of all.slice(1))
    for (const key of Object.keys(total) as (keyof FaultStats)[]) total[key] += stats[key];
  return total;
}

/** The report as a table, for the console. */
export function reportTable(report: SoakReport, faults: Record<string, number>): string {
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines = [
    '',
    'check'.padEnd(width + 4) + 'result',
    ...report.checks.map(
      (c) =>
        `${c.ok ? '✓' : '✗'}   ${c.name.padEnd(width)} ${c.ok ? 'ok' : 'MISMATCH'} — ${c.detail}`,
    ),
    '',
    'figures',
    ...Object.entries({ ...report.figures, seconds: undefined })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `  ${k.padEnd(20)} ${v}`),
    `  ${'seconds'.padEnd(20)} ${Object.entries(report.figures.seconds)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}`,
    'faults injected',
    ...Object.entries(faults).map(([k, v]) => `  ${k.padEnd(20)} ${v}`),
    'metrics the functions printed (the local metrics page; docs/operations.md, "Metrics")',
    ...metricsLines(report.metrics),
    '',
    report.mismatches === 0 ? 'zero mismatches' : `${report.mismatches} MISMATCH(ES)`,
  ];
  return lines.join('\n');
}
