import type { EventMetadata } from '#events';
import {
  commit,
  ConditionsFailed,
  daysFrom,
  epochSeconds,
  guarded,
  isTransactionConflict,
  MAX_TRANSACTION_ITEMS,
  type TransactItem,
} from '#shared/dynamo';
import { logger } from '#shared/logger';
import { METRIC } from '#shared/metrics/catalog';
import { heldUntilCommitted, MetricUnit, recordMetric } from '#shared/metrics/metrics';
import { packedRows, type PlainOutboxRow } from '#shared/outbox/outbox';
import { racePause } from '#shared/time/pause';
import { Changes } from '#shared/unit-of-work/changes';
import { CommitConflict } from '#shared/unit-of-work/commit-errors';
import { outboxPutsOfRows, outboxRowsOf } from '#shared/unit-of-work/outbox-puts';
import { EventRejectedError, type ReactionOptions } from './reaction';
import { MARKER_RETENTION_DAYS } from './replay-window';

/** The guard of the marker's conditional put: it fails only for an event applied before. */
export const EVENT_NOT_YET_APPLIED = 'event_not_yet_applied';

/** The marker shares the effect's transaction, so a reaction may write one item fewer. */
export const MAX_EFFECT_ITEMS = MAX_TRANSACTION_ITEMS - 1;

/**
 * How often one delivery re-reads and re-applies an event whose read went stale. A failed
 * delivery waits out its queue's visibility timeout (12 minutes for Accounting), so a burst of
 * movements on one account is worth about two seconds of backing off here: twenty fees at once
 * on one account ran out of five quick attempts for one in six of them.
 */
export const RACE_ATTEMPTS = 10;

const markerDoesNotExist = 'attribute_not_exists(pk)';

/** What the processed marker and the metrics know of an event, aTES's or AWS's. */
export type MarkedEvent = Pick<
  EventMetadata,
  'event_id' | 'event_name' | 'correlation_id' | 'event_time'
>;

/** One parsed, validated event and its reaction, ready to apply alone or in a group. */
export interface PreparedEvent {
  react: (changes: Changes) => Promise<void>;
  marked: MarkedEvent;
  options: ReactionOptions;
  /** How errors and log lines name it: `event <name>@<version> <id>`. */
  event: string;
}

/** Where effects are committed, and the time markers are stamped with. */
export interface ApplyContext {
  tableName: () => string;
  clock: () => Date;
}

/**
 * A reaction's effect, not yet committed: its writes (its own marking put stamped with the
 * event, or the `EVENT#` marker appended), its events as plain outbox rows stamped with its own
 * correlation id and time, and its metrics, held until `keep`.
 */
export interface ReactedEffect {
  prepared: PreparedEvent;
  writes: TransactItem[];
  rows: PlainOutboxRow[];
  keep: () => Promise<void>;
  /** The guards whose refusal means the event was applied before: a duplicate, not a race. */
  appliedGuards: readonly string[];
  at: Date;
}

/**
 * Runs the reaction on fresh reads and records its effect. `'nothing'`: a reaction idempotent
 * by its state found its effect there, and there is nothing to commit, not even a marker.
 */
export async function reactedEffect(
  prepared: PreparedEvent,
  { tableName, clock }: ApplyContext,
  spreadBy?: string,
): Promise<ReactedEffect | 'nothing'> {
  const { react, marked, options, event } = prepared;
  const { markedBy, idempotentByState } = options;
  const changes = new Changes({ correlationId: marked.correlation_id, now: clock(), spreadBy });
  // What the reaction records (a fee, a payout) counts only if its writes commit.
  const { keep } = await heldUntilCommitted(() => react(changes));
  const rows = outboxRowsOf(changes);
  const writes = changes.writes as TransactItem[];
  const items = writes.length + packedRows(rows).length;
  if (items > MAX_EFFECT_ITEMS) {
    // Said here, by event, rather than as DynamoDB's validation message about TransactItems.
    throw new EventRejectedError(
      `${event}: its reaction writes ${items} items, but one transaction holds ${MAX_EFFECT_ITEMS} besides the event's marker`,
    );
  }
  // Its state says the event was applied: nothing to write, and no marker to leave.
  if (idempotentByState && items === 0) return 'nothing';
  // An effect keyed by the event marks it itself: one item fewer, and no marker to expire.
  const ownMarker = markedBy !== undefined && writes.some((w) => w.guard === markedBy);
  const at = clock();
  const marker = guarded(EVENT_NOT_YET_APPLIED, {
    Put: {
      TableName: tableName(),
      Item: {
        pk: `EVENT#${marked.event_id}`,
        sk: 'PROCESSED',
        record_type: 'processed_event',
        event_name: marked.event_name,
        processed_at: at.toISOString(),
        expires_at: epochSeconds(daysFrom(at, MARKER_RETENTION_DAYS)),
      },
      ConditionExpression: markerDoesNotExist,
    },
  });
  return {
    prepared,
    writes: ownMarker
      ? writes.map((item) => stamped(item, markedBy, marked.event_id))
      : idempotentByState
        ? writes
        : [...writes, marker],
    rows,
    keep,
    appliedGuards: ownMarker ? [EVENT_NOT_YET_APPLIED, markedBy] : [EVENT_NOT_YET_APPLIED],
    at,
  };
}

/** True when `error` is the refusal of a commit because its event was applied before. */
export const wasAppliedBefore = (error: unknown, effect: ReactedEffect) =>
  error instanceof ConditionsFailed && effect.appliedGuards.some((guard) => error.failed(guard));

/** Once its writes committed: the reaction's held metrics, the event's count and its lag. */
export async function effectCommitted(effect: ReactedEffect): Promise<void> {
  await effect.keep();
  recordMetric(METRIC.eventsApplied);
  const lag = effect.at.getTime() - Date.parse(effect.prepared.marked.event_time);
  if (lag >= 0) recordMetric(METRIC.consumerLag, lag, MetricUnit.Milliseconds);
}

/** One event in a transaction of its own, with its marker; a duplicate changes nothing. */
async function applyOnce(
  prepared: PreparedEvent,
  context: ApplyContext,
): Promise<'applied' | 'duplicate'> {
  const effect = await reactedEffect(prepared, context);
  if (effect === 'nothing') return 'duplicate';
  try {
    await commit([...effect.writes, ...outboxPutsOfRows(effect.rows, context.tableName())]);
  } catch (error) {
    if (wasAppliedBefore(error, effect)) return 'duplicate';
    throw error;
  }
  await effectCommitted(effect);
  return 'applied';
}

/**
 * One event alone, read and applied again while its commit loses a race: a guard that held
 * when the reaction read (a balance, a revision) but not at commit, or a transaction conflict.
 */
export async function applyAlone(
  prepared: PreparedEvent,
  context: ApplyContext,
): Promise<'applied' | 'duplicate'> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyOnce(prepared, context);
    } catch (error) {
      // Another event changed the item in between. Reading again is what the queue's retry
      // would do, seconds later; doing it here keeps hot accounts off the dead-letter queue.
      // A transaction conflict that outlasted commit's own retries is the same race, seen
      // by DynamoDB while both writes were in flight.
      const raced =
        (error instanceof ConditionsFailed && !error.failed(EVENT_NOT_YET_APPLIED)) ||
        isTransactionConflict(error) ||
        error instanceof CommitConflict;
      if (!raced || attempt >= RACE_ATTEMPTS) throw error;
      logger.debug('event raced another; reading again', {
        event: prepared.event,
        guards: error instanceof ConditionsFailed ? error.guards : ['transaction_conflict'],
      });
      await racePause(attempt, 10, 400);
    }
  }
}

/**
 * The effect's marking put, stamped with the event it marks (`marks_event`): a verifier (the
 * soak) tells which events were applied from it, as it does from `EVENT#` markers.
 */
function stamped(item: TransactItem, guard: string, eventId: string): TransactItem {
  if (item.guard !== guard || !item.Put) return item;
  return { ...item, Put: { ...item.Put, Item: { ...item.Put.Item, marks_event: eventId } } };
}
