// Long because the relay's batching, its retries and its partial-failure report only make sense together.
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import {
  typedDetailsOf,
  entrySize,
  OUTBOX_RECORD_TYPE,
  PUT_EVENTS_MAX_BYTES,
  type OutboxRowImage,
} from './row';
import { inParallel } from '../in-parallel';
import { racePause } from '../time/pause';

/** PutEvents takes at most 10 entries a call (and at most PUT_EVENTS_MAX_BYTES). */
export const PUT_EVENTS_BATCH = 10;
/**
 * PutEvents calls in flight at once. A stream batch of 100 rows can carry thousands of events (a
 * reshuffle's row holds one per move, 98): one call after another would take longer than the
 * relay's timeout. Well below EventBridge's PutEvents quota (10,000 a second in us-east-1, fewer in
 * smaller regions); a throttled call is retried like any refused entry.
 */
export const PUT_EVENTS_AT_ONCE = 8;
/** Tries per invocation for entries refused for a temporary reason (throttling, 5xx). */
export const RELAY_ATTEMPTS = 6;
/**
 * Time kept back from the invocation's remaining time: no new try starts with less than this
 * left, so a slow bus cannot make the relay time out (which would fail the whole batch).
 */
export const RELAY_TIME_RESERVE_MS = 5000;

/**
 * EventBridge's retryable entry errors (PutEventsResultEntry: InternalFailure and
 * ThrottlingException); every other code (InvalidArgument, MalformedDetail, AccessDenied, ...)
 * fails the same way however often it is sent.
 */
const TEMPORARY_ENTRY_CODES = new Set(['InternalFailure', 'ThrottlingException']);

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
  /** Worth another try (throttling, 5xx, network); false when it would fail the same way. */
  temporary: boolean;
}

/**
 * What the relay may tell: of a failure, codes, keys, sequence numbers; of a published row, the
 * ids in its events' metadata — never a detail's data.
 */
export interface RelayLog {
  info?(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface RelayOptions {
  client: EventBridgeClient;
  eventBusName: string;
  /** Wait before try `attempt` (2, 3, …) of refused entries; replaced in tests to keep them fast. */
  backoff?: (attempt: number) => Promise<void>;
  /** The invocation's remaining time (Lambda's `getRemainingTimeInMillis`); unbounded if absent. */
  remainingMs?: () => number;
  log?: RelayLog;
}

/** Lambda's partial batch response for streams, plus what the relay counted. */
export interface RelayOutcome {
  published: number;
  /** Published entries per event source (`ates.<domain>`), for the events-published metric. */
  bySource: Map<string, number>;
  /** The records still unpublished: the mapping retries from the lowest (bisecting), then parks. */
  batchItemFailures: { itemIdentifier: string }[];
  /** Entries refused for good: isolated to their records, never retried in this invocation. */
  permanent: number;
}

const defaultBackoff = (attempt: number) => racePause(attempt - 1, 100, 3000);

const silent: RelayLog = { warn: () => {}, error: () => {} };

/**
 * The events of the outbox rows a stream batch inserted, in stream order (a row of many events
 * gives one entry each, in the row's order); anything else is not ours to relay.
 */
export function outboxEntries(records: readonly DynamoDBRecord[], eventBusName: string) {
  return records.flatMap((record): PendingEntry[] => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return [];
    // A Binary attribute stays base64 text here, as Lambda's JSON carries it: `detailsOf` decodes it.
    const row = unmarshall(image as Record<string, AttributeValue>) as OutboxRowImage;
    if (row.record_type !== OUTBOX_RECORD_TYPE) return [];
    return rowEntries(row, eventBusName, record.dynamodb!.SequenceNumber!);
  });
}

/**
 * The PutEvents entries of one outbox row, of either form (packed details or plain): one per
 * event it carries, in order, each detail exactly as the command built it.
 */
export const rowEntries = (
  row: OutboxRowImage,
  eventBusName: string,
  sequenceNumber: string,
): PendingEntry[] =>
  typedDetailsOf(row).map(({ detailType, detail }, index) => ({
    sequenceNumber,
    rowKey: index === 0 ? String(row.pk) : `${String(row.pk)}#${index}`,
    entry: entryOf({ source: row.source, detail_type: detailType, detail }, eventBusName),
  }));

/** The PutEvents entry of one event: its row's source, its own detail type and detail. */
export const entryOf = (
  row: { source?: string; detail_type?: string; detail: string },
  eventBusName: string,
): PutEventsRequestEntry => ({
  EventBusName: eventBusName,
  Source: row.source,
  DetailType: row.detail_type,
  Detail: row.detail,
});

/**
 * Publishes every outbox row of a stream batch and says which records are still unpublished.
 * Entries refused for a temporary reason are tried again with backoff while the invocation has
 * time; an entry refused for good is not, and only its record is reported. The rest of the batch
 * is published either way, so one poison row never holds back the rows around it; the mapping
 * retries from the lowest reported record and, after RELAY_MAPPING.retryAttempts, sends a pointer
 * to the on-failure queue (`npm run republish`). Duplicates are fine: consumers dedupe.
 */
export async function relayStreamBatch(
  event: DynamoDBStreamEvent,
  options: RelayOptions,
): Promise<RelayOutcome> {
  const entries = outboxEntries(event.Records, options.eventBusName);
  const failures = await publishAll(entries, options);
  const failedRecords = [...new Set(failures.map((f) => f.pending.sequenceNumber))];
  const unpublished = new Set(failures.map((f) => f.pending));
  const bySource = new Map<string, number>();
  const published = entries.filter((pending) => !unpublished.has(pending));
  for (const pending of published) {
    const source = pending.entry.Source!;
    bySource.set(source, (bySource.get(source) ?? 0) + 1);
  }
  logPublishedRows(published, options.log);
  return {
    published: entries.length - failures.length,
    bySource,
    batchItemFailures: failedRecords.map((itemIdentifier) => ({ itemIdentifier })),
    permanent: failures.filter((f) => !f.temporary).length,
  };
}

/**
 * One line per outbox row put on the bus, with the correlation id of the request that wrote it
 * and its events' ids: an operator following a request sees where its events left the table.
 */
function logPublishedRows(published: readonly PendingEntry[], log: RelayLog | undefined) {
  if (!log?.info) return;
  const rows = new Map<string, PendingEntry[]>();
  for (const pending of published) {
    // One stream record is one row, so its sequence number names the row.
    const row = rows.get(pending.sequenceNumber);
    if (row) row.push(pending);
    else rows.set(pending.sequenceNumber, [pending]);
  }
  for (const events of rows.values()) {
    const metadata = events.map((pending) => metadataOf(pending.entry.Detail));
    log.info('outbox row published', {
      rowKey: events[0]!.rowKey,
      source: events[0]!.entry.Source,
      event_name: events[0]!.entry.DetailType,
      events: events.length,
      correlation_id: metadata[0]?.correlation_id,
      event_ids: metadata.map((m) => m?.event_id),
    });
  }
}

/** The ids an event's metadata carries; nothing when the detail is not an envelope. */
function metadataOf(detail: string | undefined) {
  try {
    const metadata = (JSON.parse(detail ?? '') as { metadata?: Record<string, unknown> }).metadata;
    return {
      correlation_id: String(metadata?.correlation_id ?? ''),
      event_id: String(metadata?.event_id ?? ''),
    };
  } catch {
    return undefined;
  }
}

/** Puts entries, trying temporary refusals again; returns what never got through, with why. */
export async function publishAll(
  entries: readonly PendingEntry[],
  options: RelayOptions,
): Promise<EntryFailure[]> {
  const backoff = options.backoff ?? defaultBackoff;
  const log = options.log ?? silent;
  const remainingMs = options.remainingMs ?? (() => Infinity);
  const permanent: EntryFailure[] = [];
  let temporary: EntryFailure[] = [];
  let pending = [...entries];
  for (let attempt = 1; attempt <= RELAY_ATTEMPTS && pending.length > 0; attempt++) {
    if (attempt > 1) {
      if (remainingMs() < RELAY_TIME_RESERVE_MS) break;
      await backoff(attempt);
      if (remainingMs() < RELAY_TIME_RESERVE_MS) break;
    }
    const failures = await putAll(options.client, pending);
    for (const failure of failures) {
      const attributes = {
        attempt,
        rowKey: failure.pending.rowKey,
        sequenceNumber: failure.pending.sequenceNumber,
        errorCode: failure.errorCode,
        errorMessage: failure.errorMessage,
      };
      if (failure.temporary)
        log.warn('EventBridge did not take an outbox row; trying again', attributes);
      else
        log.error(
          'EventBridge refused an outbox row for good; its record is reported failed alone and goes to the on-failure queue after the retries',
          attributes,
        );
    }
    permanent.push(...failures.filter((f) => !f.temporary));
    temporary = failures.filter((f) => f.temporary);
    pending = temporary.map((f) => f.pending);
  }
  return [...permanent, ...temporary];
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

/**
 * A failed call worth another try: throttled, a server fault, or no answer at all (network,
 * timeout). A client fault (AccessDenied, ValidationException) fails again the same way.
 */
function isTemporaryCallError(error: unknown): boolean {
  const { name, $fault, $metadata } = error as {
    name?: string;
    $fault?: 'client' | 'server';
    $metadata?: { httpStatusCode?: number };
  };
  if (name === 'ThrottlingException' || $metadata?.httpStatusCode === 429) return true;
  return $fault !== 'client';
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
      const errorCode = answer?.ErrorCode ?? 'NoEventId';
      return [
        {
          pending,
          errorCode,
          errorMessage: answer?.ErrorMessage,
          temporary: errorCode === 'NoEventId' || TEMPORARY_ENTRY_CODES.has(errorCode),
        },
      ];
    });
  } catch (error) {
    // The whole call failed (after the SDK's own retries): every entry in it shares the cause.
    const cause = error as Error;
    return chunk.map((pending) => ({
      pending,
      errorCode: cause.name,
      errorMessage: cause.message,
      temporary: isTemporaryCallError(error),
    }));
  }
}
