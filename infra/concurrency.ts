/**
 * Reserved concurrency, in one place with its reasons (docs/operations.md, "Concurrency").
 * A reservation is both a floor (kept for the function whatever else runs) and a ceiling.
 * Login's scrypt at 1 GB is the burst to fear: reserving for the relays and consumers keeps
 * their share out of the pool a login storm can drain; login's own cap is in Auth's declaration.
 */

/**
 * A relay handles one stream shard at a time (parallelization factor 1); a young on-demand
 * table has about four shards. Five keeps every shard moving and leaves one for a split.
 */
export const RELAY_RESERVED_CONCURRENCY = 5;

/**
 * The SQS mapping runs at most this many consumer instances (its maximum concurrency), which
 * protects the table; the same number is reserved, as AWS advises, so the mapping is never
 * throttled below its own cap.
 */
export const CONSUMER_MAX_CONCURRENCY = 5;

/**
 * Lambda keeps at least 100 of an account's executions unreserved. A stage reserves at most
 * this many, so two stages and the unreserved 100 fit the default quota of 1,000 many times over.
 */
export const STAGE_RESERVATION_BUDGET = 100;
