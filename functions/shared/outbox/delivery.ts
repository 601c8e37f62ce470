import { OUTBOX_RECORD_TYPE } from './row';

/**
 * How outbox rows travel from a table's stream to the bus, in numbers that `infra/` deploys
 * (the relay's event source mapping, its on-failure queue, the outbox TTL) and the local stream
 * poller follows. Why each number is what it is: docs/operations.md, "The outbox relay".
 */

/** DynamoDB Streams keeps a record this long, then trims it: AWS's fixed retention. */
export const STREAM_RETENTION_HOURS = 24;

/**
 * ...but only until a record is this old. With an unlimited age Lambda retries "until the record
 * expires" and then drops it without a word; discarding it a few hours before the stream trims
 * it instead sends a pointer (shard, sequence numbers, arrival times) to the on-failure queue,
 * which `npm run republish` turns back into events from the outbox rows still in the table.
 */
export const RELAY_MAX_RECORD_AGE_HOURS = 20;

/**
 * The relay's event source mapping, in one place: infra synthesizes it and the local stream
 * poller runs by it (a spec holds the two equal).
 *
 * - `reportBatchItemFailures`: the relay answers which records it could not publish; the mapping
 *   checkpoints before the lowest and retries from there, not the whole batch.
 * - `bisectBatchOnError`: a relay that throws (a bug, never a refusal) gets its batch in halves,
 *   down to the one record that makes it throw.
 * - `retryAttempts`: how often a failing record is retried before the mapping sends a pointer to
 *   it to the on-failure queue and moves on. A poison row (EventBridge refuses it for good) holds
 *   its shard for these quick retries only; a temporary refusal (throttling, 5xx) is already
 *   retried with backoff inside each invocation (up to RELAY_ATTEMPTS, within its timeout), so
 *   these retries ride out a bus outage of about 20 × 30 s before a pointer is sent.
 */
export const RELAY_MAPPING = {
  batchSize: 100,
  bisectBatchOnError: true,
  reportBatchItemFailures: true,
  retryAttempts: 20,
  maxRecordAgeHours: RELAY_MAX_RECORD_AGE_HOURS,
} as const;

/** SQS's longest retention: the on-failure queue keeps a pointer this long. */
export const POINTER_RETENTION_DAYS = 14;

/**
 * An outbox row stays in its table (TTL) longer than anything that points at it: the stream
 * record (one day) and the on-failure pointer (fourteen days), plus a day to act on the last one.
 */
export const OUTBOX_RETENTION_DAYS = POINTER_RETENTION_DAYS + 1;

/**
 * The stream records that wake the relay, the mapping's filter: an outbox row's INSERT. A state
 * row or a TTL deletion is no event. Infra deploys it as the mapping's FilterCriteria; Lambda
 * drops a record that fails it before batching, and a batch it leaves empty costs no invocation
 * (the local stream poller does the same with `wakesRelay`; a spec holds the two equal).
 */
export const RELAY_FILTER = { eventName: 'INSERT', recordType: OUTBOX_RECORD_TYPE } as const;

/** Whether a stream record passes {@link RELAY_FILTER} (its image as the stream carries it). */
export function wakesRelay(record: {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown> };
}): boolean {
  const recordType = record.dynamodb?.NewImage?.record_type as { S?: string } | undefined;
  return record.eventName === RELAY_FILTER.eventName && recordType?.S === RELAY_FILTER.recordType;
}
