import { DynamoDBClient, paginateListTables } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICES } from '../functions/services';
import { RELAY_HANDLER, type ServiceDeclaration } from '#shared/declaration';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { LocalBus, rulesOf } from './bus';
import { DeadLetterStore, type DeadLetter, type DeadLetterFilter } from './dead-letters';
import { startDynamoDbLocal } from './dynamodb-local';
import { cloudEnvironment } from './environment';
import { startEventBridgeServer } from './eventbridge-server';
import { startGateway } from './gateway';
import { HandlerLoader } from './handlers';
import { homePage } from './home-page';
import type { RunningServer } from './http-io';
import { consoleLog, silentLog, type CloudLog } from './log';
import { assertPortFree, freePort } from './ports';
import { LocalQueue } from './queue';
import { RouteTable } from './route-table';
import { startScheduler, type ScheduledJob } from './scheduler';
import { startSes } from './ses';
import type { CloudPorts } from './settings';
import { StreamPoller } from './stream-poller';
import { StreamPositions } from './stream-positions';
import { ensureTable, tableNameOf } from './tables';
import { webRootOf } from './static-files';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

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
  /** Run the declared schedules on their cron. Default true. */
  scheduler?: boolean;
  /** No output from the local cloud itself (handlers log per POWERTOOLS_LOG_LEVEL). */
  quiet?: boolean;
  log?: CloudLog;
  /** The business time zone. Default ATES_TIMEZONE, else UTC. */
  timeZone?: string;
  region?: string;
  busName?: string;
  /** How long a failed queue message waits before it is received again. Default 2000 ms. */
  visibilityTimeoutMs?: number;
  /** Pause between stream polls when there is nothing new. Default 150 ms. */
  pollIntervalMs?: number;
  /** Pause before a failed relay batch is read again. Default 1000 ms. */
  streamRetryDelayMs?: number;
  /** Test knob: how many copies of each matched event the bus delivers. Default 1. */
  deliveryCopies?: number;
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
    /** Sends matching dead letters back to their domain's queue; returns them. */
    redrive(filter?: DeadLetterFilter): DeadLetter[];
  };
  schedules: readonly ScheduledJob[];
  services: readonly ServiceDeclaration[];
  /**
   * Resolves once every stream is relayed and every queue is empty (dead letters aside) —
   * including the events the consumers themselves published on the way.
   */
  settled(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_REGION = 'us-east-1';

/**
 * Starts the local cloud: DynamoDB Local with every domain's table, stream pollers feeding the
 * outbox relay, the local EventBridge and its rules, a queue per consuming domain with its
 * dead-letter store, the HTTP gateway, aws-ses-v2-local and the scheduler. Handlers run in this
 * process, loaded on first use, so the environment below is in place before any of them loads.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const log = options.log ?? (options.quiet ? silentLog : consoleLog);
  const inMemory = options.inMemory ?? false;
  const services = options.services ?? SERVICES;
  const region = options.region ?? DEFAULT_REGION;
  const busName = options.busName ?? 'ates-local';
  const tablePrefix = options.tablePrefix ?? 'ates-';
  const timeZone = options.timeZone ?? (process.env.ATES_TIMEZONE || 'UTC');
  const dataDir = inMemory ? undefined : resolve(options.dataDir ?? join(REPO_ROOT, '.ates'));
  const wantSes = options.ses ?? true;

  const stack: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const stop of stack.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        log.warn(`while stopping: ${(error as Error).message}`);
      }
    }
  };

  try {
    const ports = await choosePorts(options.ports ?? {}, {
      dynamodb: !options.dynamoEndpoint,
      ses: wantSes,
    });
    const handlers = new HandlerLoader(REPO_ROOT);
    const deadLetters = new DeadLetterStore(dataDir && join(dataDir, 'dlq.json'));
    const queues = createQueues(services, {
      region,
      handlers,
      deadLetters,
      log,
      visibilityTimeoutMs: options.visibilityTimeoutMs ?? 2000,
    });
    const bus = new LocalBus(rulesOf(services), queues);
    bus.deliveryCopies = options.deliveryCopies ?? 1;
    const routes = new RouteTable(services);

    const redrive = (filter: DeadLetterFilter = {}) => {
      const letters = deadLetters.take(filter).filter((letter) => {
        const queue = queues.get(letter.domain);
        if (!queue) deadLetters.add(letter); // its domain is not running: keep the letter
        return Boolean(queue);
      });
      for (const letter of letters) queues.get(letter.domain)!.send(letter.body, letter.id);
      if (letters.length) log.info(`↻ redrove ${letters.length} dead letter(s)`);
      return letters;
    };

    // Everything that listens starts together; DynamoDB Local (Java) takes the longest. Each
    // one is registered for stopping as soon as it is up, so a failure of another cannot
    // leave it (or its Java process) behind.
    const started = <T>(promise: Promise<T>, stop: (value: T) => Promise<void>) =>
      promise.then((value) => {
        stack.push(() => stop(value));
        return value;
      });
    const results = await Promise.allSettled([
      options.dynamoEndpoint
        ? Promise.resolve({ endpoint: options.dynamoEndpoint, stop: async () => undefined })
        : started(
            startDynamoDbLocal({
              port: ports.dynamodb,
              dataDir: dataDir && join(dataDir, 'dynamodb'),
            }).then((dynamo) => {
              // Should this process die without stopping the cloud, Java must not outlive it.
              process.on('exit', dynamo.killNow);
              return dynamo;
            }),
            (dynamo) => dynamo.stop().finally(() => process.off('exit', dynamo.killNow)),
          ),
      started(
        startEventBridgeServer({
          port: ports.bus,
          region,
          busName,
          publish: (event) => bus.publish(event),
        }),
        (server) => server.close(),
      ),
      started(
        startGateway({
          port: ports.gateway,
          routes,
          handlers,
          webRoot: webRootOf(REPO_ROOT),
          log,
          admin: {
            health: () => ({
              status: 'ok',
              urls,
              queues: Object.fromEntries([...queues].map(([domain, q]) => [domain, q.depth])),
              deadLetters: deadLetters.list().length,
              bus: bus.stats,
            }),
            listDeadLetters: (filter) => deadLetters.list(filter),
            redrive,
            homePage: () => homePage(urls, routes, deadLetters.list().length),
          },
        }),
        (server) => server.close(),
      ),
      wantSes ? started(startSes(ports.ses), (server) => server.close()) : undefined,
    ] as const);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const [dynamo, busServer, gateway, ses] = results.map(
      (r) => (r as PromiseFulfilledResult<unknown>).value,
    ) as [{ endpoint: string }, RunningServer, RunningServer, RunningServer | undefined];

    const urls: CloudUrls = {
      gateway: gateway.url,
      dynamodb: dynamo.endpoint,
      eventBridge: busServer.url,
      sesInbox: ses?.url,
    };
    Object.assign(
      process.env,
      cloudEnvironment({
        region,
        dynamoEndpoint: dynamo.endpoint,
        busEndpoint: busServer.url,
        busName,
        sesEndpoint: ses?.url,
        gatewayUrl: gateway.url,
        tablePrefix,
        timeZone,
        services,
      }),
    );

    const tables = await createTables(services, tablePrefix, dynamo.endpoint, region);
    const positions = new StreamPositions(dataDir && join(dataDir, 'stream-positions.json'));
    const streams = new DynamoDBStreamsClient({
      endpoint: dynamo.endpoint,
      region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    stack.push(() => streams.destroy());
    const pollers = tables.map(
      (table) =>
        new StreamPoller({
          client: streams,
          tableName: table.name,
          streamArn: table.streamArn,
          region,
          freshTable: inMemory || table.fresh,
          positions,
          relay: (event: DynamoDBStreamEvent) =>
            handlers.invoke(RELAY_HANDLER, `ates-${table.domain}-relay`, event),
          pollIntervalMs: options.pollIntervalMs ?? 150,
          retryDelayMs: options.streamRetryDelayMs ?? 1000,
          log,
        }),
    );
    pollers.forEach((poller) => poller.start());
    stack.push(() => Promise.all(pollers.map((p) => p.stop())).then(() => undefined));
    stack.push(() => Promise.all([...queues.values()].map((q) => q.stop())).then(() => undefined));

    const scheduler = startScheduler({
      services: options.scheduler === false ? [] : services,
      timeZone,
      region,
      invoke: (domain, name, handler, event) =>
        handlers.invoke(handler, `ates-${domain}-${name}`, event),
      log,
    });
    stack.push(() => scheduler.stop());

    return {
      urls,
      inMemory,
      dataDir,
      tablePrefix,
      tables: Object.fromEntries(tables.map((t) => [t.domain, t.name])),
      bus,
      queues,
      deadLetters: { list: (filter) => deadLetters.list(filter), redrive },
      schedules: scheduler.jobs,
      services,
      settled: (timeoutMs) => settle(pollers, [...queues.values()], bus, timeoutMs),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Fixed ports are checked first, so a taken one fails fast with what to do about it. */
async function choosePorts(
  requested: Partial<CloudPorts>,
  needed: { dynamodb: boolean; ses: boolean },
): Promise<CloudPorts> {
  const names: Record<keyof CloudPorts, string> = {
    gateway: 'gateway, ATES_GATEWAY_PORT',
    dynamodb: 'DynamoDB Local, ATES_DYNAMODB_PORT',
    bus: 'local EventBridge, ATES_BUS_PORT',
    ses: 'SES, ATES_SES_PORT',
  };
  const chosen = {} as CloudPorts;
  for (const key of Object.keys(names) as Array<keyof CloudPorts>) {
    const port = requested[key] ?? 0;
    const used = key === 'dynamodb' ? needed.dynamodb : key === 'ses' ? needed.ses : true;
    if (used && port !== 0) await assertPortFree(port, names[key]);
    // The gateway, bus and SES bind port 0 themselves; Java needs a number up front.
    chosen[key] = port === 0 && key === 'dynamodb' && used ? await freePort() : port;
  }
  return chosen;
}

function createQueues(
  services: readonly ServiceDeclaration[],
  context: {
    region: string;
    handlers: HandlerLoader;
    deadLetters: DeadLetterStore;
    log: CloudLog;
    visibilityTimeoutMs: number;
  },
): Map<string, LocalQueue> {
  const queues = new Map<string, LocalQueue>();
  for (const service of services) {
    const consumer = service.consumer;
    if (!consumer) continue;
    queues.set(
      service.domain,
      new LocalQueue({
        domain: service.domain,
        queueArn: `arn:aws:sqs:${context.region}:000000000000:ates-${service.domain}-events`,
        batchSize: consumer.batchSize,
        maxReceiveCount: consumer.maxReceiveCount,
        visibilityTimeoutMs: context.visibilityTimeoutMs,
        consume: (event: SQSEvent) =>
          context.handlers.invoke(
            consumer.handler,
            `ates-${service.domain}-consumer`,
            event,
            consumer.timeoutSeconds,
          ),
        deadLetters: context.deadLetters,
        log: context.log,
      }),
    );
  }
  return queues;
}

/** Creates the tables as `infra/` declares them; `fresh` when this run created it. */
async function createTables(
  services: readonly ServiceDeclaration[],
  prefix: string,
  endpoint: string,
  region: string,
) {
  const client = new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const existing = new Set<string>();
    for await (const page of paginateListTables({ client }, {})) {
      for (const name of page.TableNames ?? []) existing.add(name);
    }
    return await Promise.all(
      services.map(async (service) => {
        const name = tableNameOf(prefix, service);
        const { streamArn } = await ensureTable(client, name, service);
        if (!streamArn) throw new Error(`table ${name} has no stream; delete it and start again`);
        return { domain: service.domain, name, streamArn, fresh: !existing.has(name) };
      }),
    );
  } finally {
    client.destroy();
  }
}

async function settle(
  pollers: readonly StreamPoller[],
  queues: readonly LocalQueue[],
  bus: LocalBus,
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const since = Date.now();
    const published = bus.stats.published;
    const idleAtStart = queues.every((q) => q.idle);
    while (!(pollers.every((p) => p.drainedAt >= since) && queues.every((q) => q.idle))) {
      if (Date.now() > deadline) {
        const busy = queues.filter((q) => !q.idle).map((q) => `${q.domain} (${q.depth})`);
        throw new Error(
          `the local cloud did not settle within ${timeoutMs} ms; busy queues: ${busy.join(', ') || 'none'}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    // Settled only if nothing was running when we started looking and nothing was published since.
    if (idleAtStart && bus.stats.published === published) return;
  }
}
