import type { LocalBus } from '../eventbridge/local-bus';
import type { CloudUrls } from '../cloud/local-cloud';
import type { DeadLetterFilter, DeadLetter, DeadLetterStore } from '../sqs/dead-letters';
import { startGateway } from './http-api-server';
import type { HandlerLoader } from '../lambda/handler-loader';
import { homePage } from '../cloud/home-page';
import type { RunningServer } from '../cloud/http-io';
import type { CloudClock } from '../clock/cloud-clock';
import type { CloudLog } from '../cloud/log';
import type { FunctionLogs } from '../lambda/function-logs';
import type { MetricsBoard } from '../metrics/board';
import type { LocalQueue } from '../sqs/local-queue';
import type { RouteTable } from './route-table';
import { webRootOf } from '../cloudfront/static-files';
import type { StopStack } from '../cloud/stop-stack';

export interface CloudGatewayOptions {
  port: number;
  repoRoot: string;
  routes: RouteTable;
  handlers: HandlerLoader;
  queues: ReadonlyMap<string, LocalQueue>;
  deadLetters: DeadLetterStore;
  bus: LocalBus;
  redrive: (filter: DeadLetterFilter) => DeadLetter[];
  /** Known only once every listener is up; the admin pages read it on each request. */
  urls: () => CloudUrls | undefined;
  /** False until tables, environment, pollers and `prepare` are done: the gateway answers 503. */
  isReady: () => boolean;
  clock: CloudClock;
  log: CloudLog;
  metrics: MetricsBoard;
  logs: FunctionLogs;
  onServerError?: (report: string) => void;
}

/** The HTTP API with the local admin endpoints and home page wired to the running cloud. */
export function startCloudGateway(
  options: CloudGatewayOptions,
  stack: StopStack,
): Promise<RunningServer> {
  const { queues, deadLetters, bus, routes } = options;
  return stack.started(
    startGateway({
      port: options.port,
      routes,
      handlers: options.handlers,
      webRoot: webRootOf(options.repoRoot),
      log: options.log,
      isReady: options.isReady,
      serverErrors: options.onServerError && {
        logs: options.logs,
        report: options.onServerError,
      },
      admin: {
        health: () => ({
          status: 'ok',
          urls: options.urls(),
          queues: Object.fromEntries([...queues].map(([domain, q]) => [domain, q.depth])),
          deadLetters: deadLetters.list().length,
          bus: bus.stats,
        }),
        listDeadLetters: (filter) => deadLetters.list(filter),
        redrive: options.redrive,
        clock: () => ({ now: options.clock.now().toISOString() }),
        advanceClock: (ms) => ({ now: options.clock.advance(ms).toISOString() }),
        homePage: () => homePage(options.urls()!, routes, deadLetters.list().length),
        metrics: () => options.metrics.view(options.clock.now()),
        logs: (filter) => options.logs.find(filter),
      },
    }),
    (server) => server.close(),
  );
}
