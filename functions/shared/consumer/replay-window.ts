/**
 * How long a replay can reach back, and so how long a consumer must remember what it applied.
 * The bus stack (`infra/stacks/bus-stack.ts`) archives every event for ARCHIVE_RETENTION_DAYS;
 * a replay from the archive re-delivers events up to that age.
 */
export const ARCHIVE_RETENTION_DAYS = 365;

/**
 * Processed-event markers outlive the archive by a day. A marker is written when the event is
 * first applied, which is never before the archive received it, so an event replayed on the
 * archive's last day still finds its marker and changes nothing (additive reactions such as
 * balances depend on it). TTL deletes markers only after this, never before.
 */
export const MARKER_RETENTION_DAYS = ARCHIVE_RETENTION_DAYS + 1;
