import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { RELAY_MAPPING, wakesRelay } from '#shared/outbox/delivery';
import { RELAY_HANDLER } from '#shared/declaration';
import type { HandlerLoader } from '../lambda/handler-loader';
import type { CloudLog } from '../cloud/log';
import { StreamPoller, type StreamMapping } from './stream-poller';
import type { DeadLetterStore } from '../sqs/dead-letters';
import { StreamPositions } from './stream-positions';
import type { CloudTable } from '../dynamodb/cloud-dynamo';
import type { StopStack } from '../cloud/stop-stack';

export interface PollerOptions {
  tables: readonly CloudTable[];
  endpoint: string;
  region: string;
  inMemory: boolean;
  dataDir?: string;
  handlers: HandlerLoader;
  pollIntervalMs: number;
  retryDelayMs: number;
  shards?: number;
  /** Where a discarded batch's pointer goes: the relay's on-failure queue, locally a dead letter. */
  deadLetters: DeadLetterStore;
  log: CloudLog;
}

/** The local poller's mapping: the one infra synthesizes for every relay. */
export const LOCAL_RELAY_MAPPING: StreamMapping = RELAY_MAPPING;

/** A dead letter's `target` for a relay's on-failure pointer: kept for the runbook, never redriven. */
export const RELAY_FAILURE_TARGET = 'relay-on-failure:';

/**
 * A stream poller per table feeding the outbox relay, checkpointed under `dataDir`, woken as
 * each handler of its domain returns.
 */
export function startPollers(options: PollerOptions, stack: StopStack): StreamPoller[] {
  const { dataDir, region, handlers } = options;
  const positions = new StreamPositions(dataDir && join(dataDir, 'stream-positions.json'));
  const streams = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  stack.push(() => streams.destroy());
  const pollers = options.tables.map(
    (table) =>
      new StreamPoller({
        client: streams,
        tableName: table.name,
        streamArn: table.streamArn,
        region,
        freshTable: options.inMemory || table.fresh,
        positions,
        relay: (event: DynamoDBStreamEvent) =>
          handlers.invoke(RELAY_HANDLER, { domain: table.domain, name: 'relay' }, event),
        pollIntervalMs: options.pollIntervalMs,
        retryDelayMs: options.retryDelayMs,
        shards: options.shards,
        mapping: LOCAL_RELAY_MAPPING,
        wakes: wakesRelay,
        onFailure: (pointer) => {
          const now = new Date().toISOString();
          options.deadLetters.add({
            id: randomUUID(),
            domain: table.domain,
            body: JSON.stringify(pointer),
            error: `outbox records from ${pointer.DDBStreamBatchInfo.startSequenceNumber} still unpublished after ${LOCAL_RELAY_MAPPING.retryAttempts} retries: npm run republish -- --domain ${table.domain} for their arrival times`,
            receiveCount: pointer.requestContext.approximateInvokeCount,
            sentAt: pointer.DDBStreamBatchInfo.approximateArrivalOfFirstRecord,
            deadAt: now,
            target: `${RELAY_FAILURE_TARGET}${table.domain}`,
          });
        },
        log: options.log,
      }),
  );
  // Every write to a table is made by a handler this cloud invokes: when one returns, its
  // domain's poller reads the stream at once instead of at the end of its pause.
  const byDomain = new Map(options.tables.map((table, i) => [table.domain, pollers[i]!]));
  handlers.onInvocationEnd((fn) => byDomain.get(fn.domain)?.wake());
  pollers.forEach((poller) => poller.start());
  stack.push((how) => {
    // A killed process records nothing more: a relay in flight may still publish into queues
    // that are already gone, so its rows must be read again after a restart (found by the soak).
    if (how.hard) positions.freeze();
    return Promise.all(pollers.map((p) => p.stop())).then(() => undefined);
  });
  return pollers;
}
