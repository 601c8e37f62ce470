import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  detailsOf,
  entrySize,
  OUTBOX_RECORD_TYPE,
  PUT_EVENTS_MAX_BYTES,
  type OutboxRow,
} from './row';
import { inParallel } from '../in-parallel';
import { pause } from '../time/pause';

/** PutEvents takes at most 10 entries a call (and at most PUT_EVENTS_MAX_BYTES). */
export const PUT_EVENTS_BATCH = 10;
/**
 * PutEvents calls in flight at once. A stream batch of 100 rows can carry thousands of events (a
 * reshuffle's row holds one per move, 98): one call after another would take longer than the
 * relay's timeout. Well below EventBridge's PutEvents quota (10,000 a second in us-east-1, fewer in
 * smaller regions); a throttled call is retried like any refused entry.
 */
export const PUT_EVENTS_AT_ONCE = 8;
/** Tries per invocation before the batch is failed and Lambda's mapping retries it. */
export const RELAY_ATTEMPTS = 4;

export interface PendingEntry {
  sequenceNumber: string;
  /** The outbox row's key: names the event in logs without logging its content. */
  rowKey: string;
  entry: PutEventsRequestEntry;
}

/** Why one entry did not get through: EventBridge's code and message, or the call's error. */
export interface EntryFailure {
  pending: PendingEntry;
  errorCode: string;
  errorMessage?: string;
}

/** What the relay may tell about a failure: codes, keys, sequence numbers — never a detail. */
export interface RelayLog {
  warn(message: string, attributes: Record<string, unknown>): void;
}

export interface RelayOptions {
  client: EventBridgeClient;
  eventBusName: string;
  /** Wait between retries of failed entries; replaced in tests to keep them fast. */
  backoff?: (attempt: number) => Promise<void>;
  log?: RelayLog;
}

const defaultBackoff = (attempt: number) => pause(50 * 2 ** attempt);

const silent: RelayLog = { warn: () => {} };

/**
 * Thrown when outbox rows are still unpublished after every try: Lambda counts the invocation
 * as an error (the relay's Errors alarm fires) and the mapping hands the whole batch back;
 * rows already published go again, which consumers ignore (they dedupe by event id).
 */
export class RelayIncompleteError extends Error {
  constructor(
    readonly failures: readonly EntryFailure[],
    total: number,
  ) {
    const codes = [...new Set(failures.map((f) => f.errorCode))].join(', ');
    super(
      `${failures.length} of ${total} outbox rows still unpublished after ${RELAY_ATTEMPTS} tries (${codes}); the batch is retried from sequence number ${firstSequenceNumber(failures)}`,
    );
    this.name = 'RelayIncompleteError';
  }
}

const firstSequenceNumber = (failures: readonly EntryFailure[]) =>
  failures.map((f) => f.pending.sequenceNumber).reduce((a, b) => (BigInt(a) <= BigInt(b) ? a : b));

/**
 * The events of the outbox rows a stream batch inserted, in stream order (a row of many events
 * gives one entry each, in the row's order); anything else is not ours to relay.
 */
export function outboxEntries(records: readonly DynamoDBRecord[], eventBusName: string) {
  return records.flatMap((record): PendingEntry[] => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return [];
    const row = unmarshall(image as Record<string, AttributeValue>) as Partial<OutboxRow>;
    if (row.record_type !== OUTBOX_RECORD_TYPE) return [];
    return rowEntries(row, eventBusName, record.dynamodb!.SequenceNumber!);
  });
}

/** The PutEvents entries of one outbox row: one per event it carries, in order. */
export const rowEntries = (
  row: Partial<OutboxRow>,
  eventBusName: string,
  sequenceNumber: string,
): PendingEntry[] =>
  detailsOf(row).map((detail, index) => ({
    sequenceNumber,
    rowKey: index === 0 ? String(row.pk) : `${String(row.pk)}#${index}`,
    entry: entryOf({ ...row, detail }, eventBusName),
  }));

/** The PutEvents entry of one outbox row: the row's own source, detail type and detail. */
export const entryOf = (row: Partial<OutboxRow>, eventBusName: string): PutEventsRequestEntry => ({
  EventBusName: eventBusName,
  Source: row.source,
  DetailType: row.detail_type,
  Detail: row.detail,
});

/**
 * Publishes every outbox row of a stream batch. Entries that EventBridge refuses are retried
 * with backoff; if any still fail, the relay throws (see RelayIncompleteError), never dropping
 * one. Duplicates are fine: consumers dedupe.
 */
export async function relayStreamBatch(
  event: DynamoDBStreamEvent,
  options: RelayOptions,
): Promise<{ published: number; bySource: Map<string, number> }> {
  const entries = outboxEntries(event.Records, options.eventBusName);
  await publishAll(entries, options);
  const bySource = new Map<string, number>();
  for (const { entry } of entries) {
    bySource.set(entry.Source!, (bySource.get(entry.Source!) ?? 0) + 1);
  }
  return { published: entries.length, bySource };
}

/** Puts entries with retries; throws RelayIncompleteError naming what never got through. */
export async function publishAll(entries: readonly PendingEntry[], options: RelayOptions) {
  const backoff = options.backoff ?? defaultBackoff;
  const log = options.log ?? silent;
  let failures: EntryFailure[] = [];
  let pending = [...entries];
  for (let attempt = 0; attempt < RELAY_ATTEMPTS && pending.length > 0; attempt++) {
    if (attempt > 0) await backoff(attempt);
    failures = await putAll(options.client, pending);
    for (const failure of failures) {
      log.warn('EventBridge did not take an outbox row', {
        attempt: attempt + 1,
        rowKey: failure.pending.rowKey,
        sequenceNumber: failure.pending.sequenceNumber,
        errorCode: failure.errorCode,
        errorMessage: failure.errorMessage,
      });
    }
    pending = failures.map((f) => f.pending);
  }
  if (failures.length > 0) throw new RelayIncompleteError(failures, entries.length);
}

/**
 * Groups entries into PutEvents calls: at most ten entries and at most 256 KB a call, in order.
 * An entry too large for any call goes alone, and EventBridge's refusal of it is reported.
 */
export function chunksOf<T extends { entry: PutEventsRequestEntry }>(entries: readonly T[]) {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const pending of entries) {
    const size = entrySize(pending.entry);
    if (
      current.length === PUT_EVENTS_BATCH ||
      (current.length > 0 && bytes + size > PUT_EVENTS_MAX_BYTES)
    ) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(pending);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Sends entries, a few calls at once, and returns the ones that did not get through, with why. */
async function putAll(client: EventBridgeClient, entries: PendingEntry[]): Promise<EntryFailure[]> {
  const failures = await inParallel(chunksOf(entries), PUT_EVENTS_AT_ONCE, (chunk) =>
    putChunk(client, chunk),
  );
  return failures.flat();
}

/** One PutEvents call; what it did not take, with why. */
async function putChunk(client: EventBridgeClient, chunk: PendingEntry[]): Promise<EntryFailure[]> {
  try {
    const result = await client.send(
      new PutEventsCommand({ Entries: chunk.map((pending) => pending.entry) }),
    );
    return chunk.flatMap((pending, index): EntryFailure[] => {
      const answer = result.Entries?.[index];
      if (answer?.EventId && !answer.ErrorCode) return [];
      return [
        {
          pending,
          errorCode: answer?.ErrorCode ?? 'NoEventId',
          errorMessage: answer?.ErrorMessage,
        },
      ];
    });
  } catch (error) {
    // The whole call failed (throttled, network, access): every entry in it is retried.
    const cause = error as Error;
    return chunk.map((pending) => ({
      pending,
      errorCode: cause.name,
      errorMessage: cause.message,
    }));
  }
}
