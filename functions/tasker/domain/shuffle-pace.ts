/**
 * The fastest a reshuffle moves tasks. Every move rewrites its task's entry in the status index
 * (`gsi2`, all attributes projected) under the one key `STATUS#open`, and one partition key of an
 * index takes at most 1,000 write units a second on AWS; past that DynamoDB throttles the base
 * table's writes ("GSI write throttling and back pressure"). The job's transactions run one after
 * another, so on AWS a transaction of 98 moves every 98 ms would already need it all. 800 leaves
 * a fifth of the key to the tasks created and completed meanwhile (docs/performance.md, "At AWS's
 * scale"). Locally the engine moves about 300 a second, so the pace never waits there.
 */
export const SHUFFLE_MAX_MOVES_PER_SECOND = 800;

/** How long to wait before moving on, after `moved` tasks in `elapsedMs`, to stay within the pace. */
export const paceDelayMs = (
  moved: number,
  elapsedMs: number,
  maxPerSecond = SHUFFLE_MAX_MOVES_PER_SECOND,
) => Math.max(0, Math.ceil((moved / maxPerSecond) * 1000 - elapsedMs));
