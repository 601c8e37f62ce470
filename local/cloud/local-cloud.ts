// Long because it is the cloud's whole public surface (options, URLs, `LocalCloud`) and the one start order of its pieces.
import './xray-manual-mode';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICES } from '../../functions/services';
import { DEFAULT_BUS, type ServiceDeclaration } from '#shared/declaration';
import { localConfigurationSets } from '../ses/local-configuration-sets';
import type { LocalBus } from '../eventbridge/local-bus';
import { DeadLetterStore, type DeadLetter, type DeadLetterFilter } from '../sqs/dead-letters';
import { cloudEnvironment } from '../lambda/function-environment';
import { Faults, type FaultOptions, type FaultStats } from '../faults/faults';
import { HandlerLoader } from '../lambda/handler-loader';
import { installEnforcement, installRequestFault, type IamReport } from '../iam/enforcement';
import { localIamOf } from '../iam/local-policies';
import { fieldsOf, FunctionLogs, type FunctionLogLine } from '../lambda/function-logs';
import { consoleLog, silentLog, type CloudLog } from './log';
import { onDemandThrottle } from '../faults/on-demand';
import type { OnDemandReport } from '../faults/on-demand-usage';
import { tableNameOf } from '../dynamodb/table-name';
import { startSqsServer } from '../sqs/sqs-server';
import { dynamoThrottleFault } from '../faults/throttling';
import { METRICS_NAMESPACE } from '#shared/metrics/catalog';
import { MetricsBoard, type MetricsView } from '../metrics/board';
import { onEmfLines } from '../metrics/stdout-tap';
import type { LocalQueue } from '../sqs/local-queue';
import { RouteTable } from '../api-gateway/route-table';
import type { ScheduledJob } from '../eventbridge/scheduler';
import type { CloudPorts } from './settings';
import { createBus, startBusServer } from '../eventbridge/cloud-bus';
import {
  createTables,
  ownerFileOf,
  startDynamo,
  stopLeftoverDynamo,
} from '../dynamodb/cloud-dynamo';
import { startCloudClock, type CloudClock } from '../clock/cloud-clock';
import { startCloudGateway } from '../api-gateway/cloud-gateway';
import { startPollers } from '../dynamodb-streams/cloud-pollers';
import { choosePorts } from './choose-ports';
import { createQueues, redriverOf } from '../sqs/cloud-queues';
import { startCloudScheduler } from '../eventbridge/cloud-scheduler';
import { startCloudSes } from '../ses/cloud-ses';
import { settle } from './settle';
import { StopStack, type StopHow } from './stop-stack';
import {
  PRODUCTION_ACCOUNT,
  type SesAccountOptions,
  type SesAccountStats,
} from '../ses/ses-account';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface LocalCloudOptions {
  /** Keep everything in memory (tests, demos) instead of under `dataDir`. Default false. */
  inMemory?: boolean;
  /** Where persisted data lives (DynamoDB files, dead letters, stream positions). Default `.ates/`. */
  dataDir?: string;
  /** Ports to listen on; 0 (the default for each) picks a free one. */
  ports?: Partial<CloudPorts>;
  /** Use a DynamoDB Local that already runs (the test run's) instead of starting one. */
  dynamoEndpoint?: string;
  /** Table names are `<prefix><domain>`. Default `ates-`. */
  tablePrefix?: string;
  /** The domains to run. Default: every domain in functions/services.ts. */
  services?: readonly ServiceDeclaration[];
  /** Start aws-ses-v2-local. Default true. */
  ses?: boolean;
  /**
   * The SES account the local SES plays (local/ses-account.ts): sandbox, verified identities,
   * send rate. Default: out of the sandbox at a new production account's 14 e-mails a second;
   * `npm start` reads ATES_SES_* (local/settings.ts).
   */
  sesAccount?: Partial<SesAccountOptions>;
  /** Run the declared schedules on their cron. Default true. */
  scheduler?: boolean;
  /**
   * No output from the local cloud itself. What the functions log is kept off the terminal
   * either way (`GET /_local/logs`); without `quiet`, their warnings and errors are shown.
   */
  quiet?: boolean;
  log?: CloudLog;
  /**
   * Shown what a function logged before its route answered 5xx (system tests print it, so a
   * flaky 500 explains itself). Default: nothing more than the log's warnings.
   */
  onServerError?: (report: string) => void;
  /** The business time zone. Default ATES_TIMEZONE, else UTC. */
  timeZone?: string;
  region?: string;
  busName?: string;
  /**
   * The queues' visibility timeout: a received message is handed out again this long after the
   * receive if its batch failed. Default: as infra declares it, six times the consumer's timeout.
   */
  visibilityTimeoutMs?: number;
  /** Pauses before a failed scheduled run's two retries. Default Lambda's: 1 and 2 minutes. */
  scheduleRetryDelaysMs?: readonly number[];
  /**
   * Pause between stream polls when there is nothing new. A poller is woken as soon as a handler
   * of its domain returns (and by `settled()`), so this only bounds how late a write made from
   * outside the cloud (a script's own) is relayed. Default 1000 ms.
   */
  pollIntervalMs?: number;
  /** Pause before a failed relay batch is read again. Default 1000 ms. */
  streamRetryDelayMs?: number;
  /**
   * Deliver outbox records out of order: each read is spread over this many shards, relayed
   * concurrently in random order (as random keys spread over shards in AWS). Default 1: in order.
   */
  streamShards?: number;
  /**
   * Runs once everything is up and before the gateway takes requests (it answers 503 until
   * then): `npm start` seeds the demo company here, so no request meets a half-made cloud.
   */
  prepare?: () => Promise<void>;
  /** Test knob: how many copies of each matched event the bus delivers. Default 1. */
  deliveryCopies?: number;
  /**
   * Faults to inject (local/faults/faults.ts; `ATES_FAULTS` for `npm start`): duplicate and reordered
   * deliveries, failed consumer invocations, failed PutEvents entries and calls. Default none.
   */
  faults?: FaultOptions;
  /**
   * Judge every AWS call a function makes against that function's own IAM policy, the one CDK
   * deploys (local/iam, docs/local-cloud.md). Default true; off only to measure what it costs.
   */
  iam?: boolean;
}

export interface CloudUrls {
  /** The HTTP API and the dashboards. */
  gateway: string;
  dynamodb: string;
  eventBridge: string;
  /** aws-ses-v2-local's inbox page (also its API endpoint). */
  sesInbox?: string;
}

export interface LocalCloud {
  urls: CloudUrls;
  inMemory: boolean;
  dataDir?: string;
  tablePrefix: string;
  /** Table name by domain. */
  tables: Record<string, string>;
  bus: LocalBus;
  queues: ReadonlyMap<string, LocalQueue>;
  deadLetters: {
    list(filter?: DeadLetterFilter): DeadLetter[];
    /**
     * Sends matching dead letters back to their domain's queue; returns them. `repair` sends a
     * message's corrected body instead (an event republished after its producer was fixed).
     */
    redrive(filter?: DeadLetterFilter, repair?: (letter: DeadLetter) => string): DeadLetter[];
  };
  schedules: readonly ScheduledJob[];
  /** The business clock every function and the scheduler read (`/_local/clock`). */
  clock: Pick<CloudClock, 'now' | 'advance'>;
  services: readonly ServiceDeclaration[];
  /**
   * Every (function, action, resource) the functions' AWS calls were judged on so far, the
   * denied ones, and each grant no call used; undefined when IAM is off.
   */
  iamReport(): IamReport | undefined;
  /** The functions' metrics so far, as `GET /_local/metrics` shows them. */
  metrics(): MetricsView;
  /** What the functions logged (the newest lines), as `GET /_local/logs` shows them. */
  logs: Pick<FunctionLogs, 'find'>;
  /** What the fault injection did so far (all zero when no fault is on). */
  faultStats: FaultStats;
  /** What the on-demand model throttled and each key kind's busiest second; undefined when off. */
  onDemandReport(): OnDemandReport | undefined;
  /** The longest invocation of each function so far (`ates-<domain>-<name>`), in milliseconds. */
  longestInvocationsMs(): Record<string, number>;
  /** What each function's longest invocation carried, where it was a queue's batch. */
  longestInvocationsCarried(): Record<string, string>;
  /** What the local SES refused so far (unverified recipients, sends over the rate). */
  sesStats?: SesAccountStats;
  /**
   * Resolves once every stream is relayed and every queue is empty (dead letters aside) —
   * including the events the consumers themselves published on the way.
   */
  settled(timeoutMs?: number): Promise<void>;
  /**
   * Stops every piece. `hard` stops as a killed process would: batches in flight are neither
   * awaited nor recorded, so a persisted queue hands them out again after the next start.
   */
  stop(how?: StopHow): Promise<void>;
}

const DEFAULT_REGION = 'us-east-1';
/** The stream pollers' fallback pause (see `pollIntervalMs`): an idle cloud polls once a second. */
const DEFAULT_POLL_INTERVAL_MS = 1000;

/**
 * Starts the local cloud: DynamoDB Local with every domain's table, stream pollers feeding the
 * outbox relay, the local EventBridge and its rules, a queue per consuming domain with its
 * dead-letter store, the HTTP gateway, aws-ses-v2-local and the scheduler. Handlers run in this
 * process, loaded on first use, so the environment below is in place before any of them loads.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const { log, inMemory, services, region, busName, tablePrefix, timeZone, dataDir, wantSes } =
    settingsOf(options);
  const stack = new StopStack(log);
  const faults = options.faults ? new Faults(options.faults) : undefined;

  try {
    // First, so every function loaded later reads the business clock (a restart's saved offset).
    const clock = startCloudClock({ dataDir, log }, stack);
    const ownerFile = ownerFileOf(REPO_ROOT, dataDir);
    if (!options.dynamoEndpoint) await stopLeftoverDynamo(ownerFile, log);
    const ports = await choosePorts(options.ports ?? {}, {
      dynamodb: !options.dynamoEndpoint,
      ses: wantSes,
    });
    // What the functions print is their log, as in CloudWatch Logs, not the terminal's.
    const logs = new FunctionLogs(
      undefined,
      options.quiet
        ? undefined
        : (line) => {
            if (isWarningOrWorse(line)) log.warn(`${line.function}: ${line.text}`);
          },
    );
    const handlers = new HandlerLoader(REPO_ROOT, logs);
    // Read what the functions print before any of them runs, as CloudWatch Logs would.
    const metrics = new MetricsBoard(METRICS_NAMESPACE);
    const stopReading = onEmfLines((line) => metrics.record(line));
    stack.push(async () => stopReading());
    const deadLetters = new DeadLetterStore(dataDir && join(dataDir, 'dlq.json'));
    const queues = createQueues(services, {
      region,
      handlers,
      deadLetters,
      log,
      visibilityTimeoutMs: options.visibilityTimeoutMs,
      dataDir,
      faults,
    });
    stack.push((how) =>
      Promise.all([...queues.values()].map((q) => q.stop(how))).then(() => undefined),
    );
    const bus = createBus(
      services,
      queues,
      options.deliveryCopies ?? faults?.options.deliveryCopies ?? 1,
      faults,
    );
    let schedules: readonly ScheduledJob[] = [];
    const redrive = redriverOf(queues, deadLetters, () => schedules, log);
    // Known once every listener is up; the admin pages read it on each request.
    const known: { urls?: CloudUrls; ready: boolean } = { ready: false };

    // Everything that listens starts together; DynamoDB Local (Java) takes the longest.
    const [dynamo, busServer, sqsServer, gateway, ses] = await allStarted([
      startDynamo(
        { endpoint: options.dynamoEndpoint, port: ports.dynamodb, dataDir, ownerFile },
        stack,
      ),
      startBusServer({ port: ports.bus, region, busName, bus, faults }, stack),
      stack.started(startSqsServer({ port: 0, queues }), (running) => running.close()),
      startCloudGateway(
        {
          port: ports.gateway,
          repoRoot: REPO_ROOT,
          routes: new RouteTable(services),
          handlers,
          queues,
          deadLetters,
          bus,
          redrive,
          urls: () => known.urls,
          isReady: () => known.ready,
          clock,
          log,
          metrics,
          logs,
          onServerError: options.onServerError,
        },
        stack,
      ),
      startCloudSes(
        {
          wanted: wantSes,
          port: ports.ses,
          dataDir,
          account: {
            ...PRODUCTION_ACCOUNT,
            region,
            configurationSets: localConfigurationSets(services),
            ...options.sesAccount,
          },
          faults,
          // SES publishes to the account's default bus: the rules there route it (local-bus.ts).
          publishFeedback: (event) => bus.publish(event, DEFAULT_BUS),
        },
        stack,
      ),
    ] as const);
    const urls: CloudUrls = {
      gateway: gateway.url,
      dynamodb: dynamo.endpoint,
      eventBridge: busServer.url,
      sesInbox: ses?.url,
    };
    known.urls = urls;
    // What the handlers read, set before any of them loads (they load on first use).
    Object.assign(
      process.env,
      cloudEnvironment({
        ...{ region, busName, tablePrefix, timeZone, services },
        dynamoEndpoint: dynamo.endpoint,
        busEndpoint: busServer.url,
        sqsEndpoint: sqsServer.url,
        sesEndpoint: ses?.url,
        gatewayUrl: gateway.url,
        queueVisibilitySeconds: shortestVisibilitySeconds(queues),
      }),
    );

    // Before any handler runs: handlers load on their first invocation.
    const iam =
      options.iam === false ? undefined : localIamOf(services, { region, tablePrefix, busName });
    if (iam) {
      const uninstall = installEnforcement(iam);
      stack.push(async () => uninstall());
      // Throttling is injected where IAM judges a function's calls: it needs IAM on (the default).
      if (faults?.options.dynamoOnDemand) {
        const removeFault = installRequestFault(
          onDemandThrottle(faults, faults.options.dynamoOnDemand, (table) =>
            table.startsWith(tablePrefix)
              ? (services
                  .find((s) => tableNameOf(tablePrefix, s) === table)
                  ?.table.indexes.map((index) => index.name) ?? [])
              : [],
          ),
        );
        stack.push(async () => removeFault());
      } else if (faults?.options.dynamoThrottle) {
        const removeFault = installRequestFault(dynamoThrottleFault(faults));
        stack.push(async () => removeFault());
      }
    }

    const tables = await createTables(services, tablePrefix, dynamo.endpoint, region);
    // Only now does a consumer find its tables and environment: messages restored from
    // `.ates/` wait until here instead of failing once each and hiding a visibility timeout.
    for (const queue of queues.values()) queue.start();
    const pollers = startPollers(
      {
        tables,
        endpoint: dynamo.endpoint,
        region,
        inMemory,
        dataDir,
        handlers,
        pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
        retryDelayMs: options.streamRetryDelayMs ?? 1000,
        shards: options.streamShards,
        deadLetters,
        log,
      },
      stack,
    );
    const scheduler = startCloudScheduler(
      {
        services: options.scheduler === false ? [] : services,
        timeZone,
        region,
        handlers,
        deadLetters,
        retryDelaysMs: options.scheduleRetryDelaysMs,
        log,
      },
      stack,
    );
    schedules = scheduler.jobs;
    clock.onMoved(scheduler.clockMoved);

    await options.prepare?.();
    known.ready = true;

    return {
      urls,
      inMemory,
      dataDir,
      tablePrefix,
      tables: Object.fromEntries(tables.map((t) => [t.domain, t.name])),
      bus,
      queues,
      deadLetters: { list: (filter) => deadLetters.list(filter), redrive },
      schedules,
      clock,
      services,
      iamReport: () => iam?.report(),
      metrics: () => metrics.view(clock.now()),
      logs,
      faultStats: faults?.stats ?? new Faults().stats,
      onDemandReport: () => (faults?.options.dynamoOnDemand ? faults.onDemand.report() : undefined),
      longestInvocationsMs: () => Object.fromEntries(handlers.longestMs),
      longestInvocationsCarried: () => Object.fromEntries(handlers.longestCarried),
      sesStats: ses?.account.stats,
      settled: (timeoutMs) => settle(pollers, [...queues.values()], bus, timeoutMs),
      stop: (how) => {
        // EventBridge does not die with our functions: what it accepted reaches its queues.
        bus.flush();
        return stack.stopAll(how);
      },
    };
  } catch (error) {
    await stack.stopAll();
    throw error;
  }
}

const WARNING_LEVELS = new Set(['WARN', 'ERROR', 'CRITICAL']);
const isWarningOrWorse = (line: FunctionLogLine) =>
  WARNING_LEVELS.has(String(fieldsOf(line)?.level ?? 'INFO'));

/** The options with their defaults filled in. */
function settingsOf(options: LocalCloudOptions) {
  const inMemory = options.inMemory ?? false;
  return {
    log: options.log ?? (options.quiet ? silentLog : consoleLog),
    inMemory,
    services: options.services ?? SERVICES,
    region: options.region ?? DEFAULT_REGION,
    busName: options.busName ?? 'ates-local',
    tablePrefix: options.tablePrefix ?? 'ates-',
    timeZone: options.timeZone ?? (process.env.ATES_TIMEZONE || 'UTC'),
    dataDir: inMemory ? undefined : resolve(options.dataDir ?? join(REPO_ROOT, '.ates')),
    wantSes: options.ses ?? true,
  };
}

/** Waits for every start; the first failure is thrown only once every other start has ended. */
async function allStarted<T extends readonly unknown[]>(
  starts: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(starts);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}

/**
 * The consumers share this process's environment, so they share one hand-back cap: the shortest
 * visibility of the queues (in AWS each consumer gets its own queue's). A cloud started with a
 * short visibility (the soak's 50 ms, the tests') thus hands back at once, never later than its
 * queues would redeliver anyway; `npm start` caps Accounting's hand-back at the others' 60 s.
 */
function shortestVisibilitySeconds(queues: ReadonlyMap<string, LocalQueue>): number {
  const shortest = Math.min(...[...queues.values()].map((q) => q.options.visibilityTimeoutMs));
  return Number.isFinite(shortest) ? Math.floor(shortest / 1000) : 0;
}
