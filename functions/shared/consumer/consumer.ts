// Long because one event's whole path is here: parse, validate, dispatch, commit with its marker, retry a race.
import { NotEnoughTimeError, withinInvocation } from '../time/invocation-budget';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from '#events/zod';
import {
  contractKey,
  envelopeSchema,
  findContract,
  type DataOf,
  type EventContract,
  type EventMetadata,
} from '#events';
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
import { heldUntilCommitted, MetricUnit, recordMetric, withMetrics } from '#shared/metrics/metrics';
import { racePause } from '#shared/time/pause';
import { Changes } from '#shared/unit-of-work/changes';
import { CommitConflict } from '#shared/unit-of-work/commit-errors';
import { transactItemsOf } from '#shared/unit-of-work/dynamo-unit-of-work';
import { inSubsegment, tracedHandler } from '#shared/tracer';
import { handingBackFailures } from './hand-back';
import { MARKER_RETENTION_DAYS } from './replay-window';

/** What a domain's reaction to one event gets: its validated data and the envelope metadata. */
export interface ReceivedEvent<Data> {
  metadata: EventMetadata;
  data: Data;
}

/**
 * A reaction records its effect on `changes` (its stores' writes, the events it publishes). The
 * dispatcher commits them with the `event_id` marker in one transaction, so a redelivered event
 * changes nothing.
 */
export type Reaction<Data> = (event: ReceivedEvent<Data>, changes: Changes) => Promise<void>;

export interface ReactionOptions {
  /**
   * The guard of an item the reaction puts keyed by the event itself, with
   * `attribute_not_exists` (a ledger entry by its assignment, a movement fact by Accounting's
   * transaction): that item is the event's processed marker. Its commit writes no `EVENT#`
   * marker, and a redelivery or replay that fails this guard is a duplicate. A delivery whose
   * reaction records no write under the guard (nothing to do) commits the marker as usual.
   */
  markedBy?: string;
  /**
   * The reaction is idempotent by the state it reads, not by a marker: it writes nothing when
   * the event's effect is already there (a set-once field already set, a price no newer than the
   * stored one), and every write it makes is guarded by what it read (a version, a timestamp),
   * so two deliveries at once cannot both write. Its commit writes no `EVENT#` marker at all,
   * and a delivery with nothing to write commits nothing. For reactions whose effect merges into
   * an item many events write (a task's fact), where no item is keyed by the event.
   */
  idempotentByState?: true;
}

export interface Subscription extends ReactionOptions {
  contract: EventContract;
  react: Reaction<never>;
}

/** An AWS service's event (SES's bounce) as EventBridge delivers it: its own id and time. */
export interface ReceivedAwsEvent<Detail> {
  /** EventBridge's event id: the event's processed marker. */
  id: string;
  time: string;
  detail: Detail;
}

/** A reaction to AWS's events of one source and detail-type, the detail checked by `schema`. */
export interface AwsSubscription {
  source: string;
  detailType: string;
  schema: z.ZodMiniType;
  react: (event: ReceivedAwsEvent<never>, changes: Changes) => Promise<void>;
}

export const onAws = <S extends z.ZodMiniType>(
  source: `aws.${string}`,
  detailType: string,
  schema: S,
  react: (event: ReceivedAwsEvent<z.infer<S>>, changes: Changes) => Promise<void>,
): AwsSubscription => ({
  source,
  detailType,
  schema,
  react: react as AwsSubscription['react'],
});

const awsKey = (source: string, detailType: string) => `${source}\u0000${detailType}`;

export const on = <C extends EventContract>(
  contract: C,
  react: Reaction<DataOf<C>>,
  options: ReactionOptions = {},
): Subscription => ({
  contract,
  react: react as Reaction<never>,
  ...options,
});

/** The guard of the marker's conditional put: it fails only for an event applied before. */
export const EVENT_NOT_YET_APPLIED = 'event_not_yet_applied';

/** The marker shares the effect's transaction, so a reaction may write one item fewer. */
export const MAX_EFFECT_ITEMS = MAX_TRANSACTION_ITEMS - 1;

const markerDoesNotExist = 'attribute_not_exists(pk)';

/**
 * How often one delivery re-reads and re-applies an event whose read went stale. A failed
 * delivery waits out its queue's visibility timeout (12 minutes for Accounting), so a burst of
 * movements on one account is worth about two seconds of backing off here: twenty fees at once
 * on one account ran out of five quick attempts for one in six of them.
 */
export const RACE_ATTEMPTS = 10;

/** What the processed marker and the metrics know of an event, aTES's or AWS's. */
type MarkedEvent = Pick<EventMetadata, 'event_id' | 'event_name' | 'correlation_id' | 'event_time'>;

/** The EventBridge event as an SQS target delivers it in the message body. */
const busEventSchema = z.object({
  id: z.optional(z.string()),
  source: z.string(),
  'detail-type': z.string(),
  detail: envelopeSchema,
});

/** An AWS service's event: EventBridge's own id and time, the service's detail. */
const awsBusEventSchema = z.object({
  id: z.string().check(z.minLength(1)),
  source: z.string().check(z.startsWith('aws.')),
  'detail-type': z.string(),
  time: z.iso.datetime({ offset: true }),
  detail: z.unknown(),
});

export class EventRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventRejectedError';
  }
}

export interface ConsumerOptions {
  tableName: () => string;
  subscriptions: readonly Subscription[];
  /** Reactions to AWS's own events (source `aws.*`), which carry no aTES envelope. */
  awsSubscriptions?: readonly AwsSubscription[];
  /**
   * Events the consumer reacted to once and is no longer subscribed to. A copy that reaches it
   * anyway (one still in its queue when the subscription ended) is acknowledged and changes
   * nothing, instead of being refused into the dead-letter queue.
   */
  unsubscribed?: readonly EventContract[];
  /** When a marker is written, hence when it expires; replaced in tests that travel in time. */
  clock?: () => Date;
}

/**
 * Handles one SQS message: parse, validate against the registry, dispatch on (name, version),
 * and commit the effect together with the marker. Every failure throws, so the queue retries
 * the message and its dead-letter queue keeps it once retries are spent.
 */
export function createEventProcessor(options: ConsumerOptions) {
  const clock = options.clock ?? (() => new Date());
  const reactions = new Map(
    options.subscriptions.map((s) => [contractKey(s.contract.name, s.contract.version), s]),
  );

  const unsubscribed = new Set(
    (options.unsubscribed ?? []).map((c) => contractKey(c.name, c.version)),
  );

  const awsReactions = new Map(
    (options.awsSubscriptions ?? []).map((s) => [awsKey(s.source, s.detailType), s]),
  );

  /** AWS's event (SES's bounce): applied once, marked by EventBridge's event id. */
  async function processAwsEvent(message: unknown): Promise<'applied' | 'duplicate'> {
    const parsed = awsBusEventSchema.safeParse(message);
    if (!parsed.success) throw new EventRejectedError(`not an AWS event: ${parsed.error.message}`);
    const { id, time, source, 'detail-type': detailType, detail } = parsed.data;
    const name = `${source} ${detailType}`;
    const subscription = awsReactions.get(awsKey(source, detailType));
    if (!subscription) throw new EventRejectedError(`this consumer has no reaction to ${name}`);
    const valid = subscription.schema.safeParse(detail);
    if (!valid.success) {
      throw new EventRejectedError(`${name} ${id} is not in AWS's shape: ${valid.error.message}`);
    }
    // No request caused it: its log lines and writes are told apart by the event's own id.
    const marked = { event_id: id, event_name: name, correlation_id: id, event_time: time };
    return retryingRaces(
      (changes) => subscription.react({ id, time, detail: valid.data as never }, changes),
      marked,
      {},
      `event ${name} ${id}`,
    );
  }

  return async function processEvent(
    body: string,
  ): Promise<'applied' | 'duplicate' | 'unsubscribed'> {
    const message: unknown = JSON.parse(body);
    const source = (message as { source?: unknown } | null)?.source;
    if (typeof source === 'string' && source.startsWith('aws.')) return processAwsEvent(message);
    const parsed = busEventSchema.safeParse(message);
    if (!parsed.success) throw new EventRejectedError(`not an aTES event: ${parsed.error.message}`);
    const { metadata, data } = parsed.data.detail;
    const contract = findContract(metadata.event_name, metadata.event_version);
    const subscription = reactions.get(contractKey(contract.name, contract.version));
    if (!subscription) {
      if (unsubscribed.has(contractKey(contract.name, contract.version))) return 'unsubscribed';
      throw new EventRejectedError(
        `this consumer has no reaction to ${contractKey(contract.name, contract.version)}`,
      );
    }
    const valid = contract.schema.safeParse(data);
    if (!valid.success) {
      throw new EventRejectedError(
        `${contractKey(contract.name, contract.version)} ${metadata.event_id} breaks its contract: ${valid.error.message}`,
      );
    }

    const event = `event ${contractKey(contract.name, contract.version)} ${metadata.event_id}`;
    const received = { metadata, data: valid.data as never };
    return retryingRaces(
      (changes) => subscription.react(received, changes),
      metadata,
      subscription,
      event,
    );
  };

  async function retryingRaces(
    react: (changes: Changes) => Promise<void>,
    marked: MarkedEvent,
    reactionOptions: ReactionOptions,
    event: string,
  ): Promise<'applied' | 'duplicate'> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await applyOnce(react, marked, reactionOptions, event);
      } catch (error) {
        // A guard that held when the reaction read (a balance, a revision) but not at commit:
        // another event changed the item in between. Reading again is what the queue's retry
        // would do, seconds later; doing it here keeps hot accounts off the dead-letter queue.
        // A transaction conflict that outlasted commit's own retries is the same race, seen
        // by DynamoDB while both writes were in flight.
        const raced =
          (error instanceof ConditionsFailed && !error.failed(EVENT_NOT_YET_APPLIED)) ||
          isTransactionConflict(error) ||
          error instanceof CommitConflict;
        if (!raced || attempt >= RACE_ATTEMPTS) throw error;
        logger.debug('event raced another; reading again', {
          event,
          guards: error instanceof ConditionsFailed ? error.guards : ['transaction_conflict'],
        });
        await racePause(attempt, 10, 400);
      }
    }
  }

  async function applyOnce(
    react: (changes: Changes) => Promise<void>,
    received: MarkedEvent,
    { markedBy, idempotentByState }: ReactionOptions,
    event: string,
  ): Promise<'applied' | 'duplicate'> {
    const changes = new Changes({ correlationId: received.correlation_id, now: clock() });
    // What the reaction records (a fee, a payout) counts only if its writes commit below.
    const { keep } = await heldUntilCommitted(() => react(changes));
    const effect = transactItemsOf(changes, options.tableName());
    if (effect.length > MAX_EFFECT_ITEMS) {
      // Said here, by event, rather than as DynamoDB's validation message about TransactItems.
      throw new EventRejectedError(
        `${event}: its reaction writes ${effect.length} items, but one transaction holds ${MAX_EFFECT_ITEMS} besides the event's marker`,
      );
    }
    // An effect keyed by the event marks it itself: one item fewer, and no marker to expire.
    // Its state says the event was applied: nothing to write, and no marker to leave.
    if (idempotentByState && effect.length === 0) return 'duplicate';
    const ownMarker = markedBy !== undefined && changes.writes.some((w) => w.guard === markedBy);
    const now = clock();
    const marker = guarded(EVENT_NOT_YET_APPLIED, {
      Put: {
        TableName: options.tableName(),
        Item: {
          pk: `EVENT#${received.event_id}`,
          sk: 'PROCESSED',
          record_type: 'processed_event',
          event_name: received.event_name,
          processed_at: now.toISOString(),
          expires_at: epochSeconds(daysFrom(now, MARKER_RETENTION_DAYS)),
        },
        ConditionExpression: markerDoesNotExist,
      },
    });
    try {
      await commit(
        ownMarker
          ? effect.map((item) => stamped(item, markedBy, received.event_id))
          : idempotentByState
            ? effect
            : [...effect, marker],
      );
      await keep();
      recordMetric(METRIC.eventsApplied);
      const lag = now.getTime() - Date.parse(received.event_time);
      if (lag >= 0) recordMetric(METRIC.consumerLag, lag, MetricUnit.Milliseconds);
      return 'applied';
    } catch (error) {
      const applied =
        error instanceof ConditionsFailed &&
        (error.failed(EVENT_NOT_YET_APPLIED) || (ownMarker && error.failed(markedBy)));
      if (applied) return 'duplicate';
      throw error;
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

/**
 * What the log lines name an event by: its request's id, name, version and id, read loosely from
 * the message (the processor validates it, and refuses what is no event, with its own error).
 */
function metadataOf(body: string): Partial<Record<string, string | number>> {
  let metadata: Record<string, unknown> | undefined;
  try {
    const message = JSON.parse(body);
    metadata = String(message?.source).startsWith('aws.')
      ? // AWS's event: named by its source and detail-type, its id the only correlation it has.
        {
          event_name: `${message.source} ${message['detail-type']}`,
          event_id: message.id,
          correlation_id: message.id,
        }
      : message?.detail?.metadata;
  } catch {
    return {}; // not JSON: processEvent throws for it, and that is what gets logged
  }
  const fields = ['correlation_id', 'event_name', 'event_version', 'event_id'] as const;
  return Object.fromEntries(
    fields.flatMap((field) => {
      const value = metadata?.[field];
      return typeof value === 'string' || typeof value === 'number' ? [[field, value]] : [];
    }),
  );
}

/** The SQS handler of a domain's consumer: records are processed in order, failures reported. */
export function createConsumerHandler(
  options: ConsumerOptions & {
    /** The consuming domain (or a test's subscriber): the `service` its metrics are filed under. */
    domain: string;
  },
) {
  const processEvent = createEventProcessor(options);
  const recordHandler = async (record: SQSRecord) => {
    // Every line logged while the event is handled carries the id of the request that caused it.
    const { correlation_id: correlationId, ...event } = metadataOf(record.body);
    if (correlationId) logger.appendKeys({ correlation_id: correlationId });
    try {
      // A subsegment per event, annotated with its request's correlation id (X-Ray).
      const outcome = await inSubsegment(
        `event ${String(event.event_name ?? 'unknown')}`,
        correlationId === undefined ? undefined : String(correlationId),
        () => processEvent(record.body),
      );
      logger.info('event handled', { messageId: record.messageId, ...event, outcome });
    } catch (error) {
      // Logged here because only the message id travels back to the queue; rethrown so the
      // record is reported failed, retried, and kept by the dead-letter queue in the end.
      // Work left for an invocation of its own is no failure of the event: a warning.
      const log = error instanceof NotEnoughTimeError ? logger.warn : logger.error;
      log.call(logger, 'event failed; the queue will retry it', {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: error as Error,
      });
      throw error;
    } finally {
      logger.removeKeys(['correlation_id']);
    }
  };
  // A processor per invocation: it holds the batch's records and failures, and invocations may
  // overlap in one process (the local cloud runs up to 5 batches at once), which a shared one
  // mixed up — a failed record answered as another batch's success, and the message lost.
  return tracedHandler(async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    withMetrics(options.domain, context?.functionName ?? `${options.domain}-consumer`, () =>
      // Retries stop short of the deadline, so a throttled record is reported failed (and
      // redelivered) rather than the whole batch timing out (invocation-budget.ts).
      withinInvocation(context, () =>
        // What failed is handed back to the queue to come again in seconds (hand-back.ts).
        handingBackFailures(event.Records, () =>
          processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
            processInParallel: false,
          }),
        ),
      ),
    ),
  );
}
