/**
 * How outbox rows travel from a table's stream to the bus, in numbers that `infra/` deploys
 * (the relay's event source mapping, its on-failure queue, the outbox TTL) and the local stream
 * poller follows. Why each number is what it is: docs/operations.md, "The outbox relay".
 */

/** DynamoDB Streams keeps a record this long, then trims it: AWS's fixed retention. */
export const STREAM_RETENTION_HOURS = 24;

/**
 * The relay's event source mapping retries a failed batch without a retry limit (Lambda's -1)
 * and without splitting it (a half batch fails for the same reason: the bus is down or
 * throttling), so a row is published as soon as the bus takes it again.
 */
export const RELAY_RETRY_ATTEMPTS = -1;
export const RELAY_BISECT_ON_ERROR = false;

/**
 * ...but only until a record is this old. With an unlimited age Lambda retries "until the record
 * expires" and then drops it without a word; discarding it a few hours before the stream trims
 * it instead sends a pointer (shard, sequence numbers, arrival times) to the on-failure queue,
 * which `npm run republish` turns back into events from the outbox rows still in the table.
 */
export const RELAY_MAX_RECORD_AGE_HOURS = 20;

/** SQS's longest retention: the on-failure queue keeps a pointer this long. */
export const POINTER_RETENTION_DAYS = 14;

/**
 * An outbox row stays in its table (TTL) longer than anything that points at it: the stream
 * record (one day) and the on-failure pointer (fourteen days), plus a day to act on the last one.
 */
export const OUTBOX_RETENTION_DAYS = POINTER_RETENTION_DAYS + 1;
