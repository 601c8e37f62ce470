// Long because one event's path from the queue is here: parse, validate, dispatch, then apply.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from '#events/zod';
import { contractKey, envelopeSchema, findContract, type EventContract } from '#events';
import { withMetrics } from '#shared/metrics/metrics';
import { tracedHandler } from '#shared/tracer';
import { withinInvocation } from '../time/invocation-budget';
import { applyAlone, type ApplyContext, type PreparedEvent } from './apply-event';
import { consumeBatch } from './consume-batch';
import { handingBackFailures } from './hand-back';
import { EventRejectedError, type AwsSubscription, type Subscription } from './reaction';

export {
  EVENT_NOT_YET_APPLIED,
  MAX_EFFECT_ITEMS,
  RACE_ATTEMPTS,
  type MarkedEvent,
} from './apply-event';
export {
  EventRejectedError,
  on,
  onAws,
  type AwsSubscription,
  type Reaction,
  type ReactionOptions,
  type ReceivedAwsEvent,
  type ReceivedEvent,
  type Subscription,
} from './reaction';

const awsKey = (source: string, detailType: string) => `${source}\u0000${detailType}`;

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
 * Parses, validates and dispatches one SQS message on (name, version): the event and its
 * reaction, ready to apply, or `'unsubscribed'` for an event this consumer no longer hears.
 * Anything else is refused with an error, so the queue retries the message and its dead-letter
 * queue keeps it once retries are spent.
 */
function createDispatcher(options: ConsumerOptions) {
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
  function prepareAwsEvent(message: unknown): PreparedEvent {
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
    return {
      react: (changes) => subscription.react({ id, time, detail: valid.data as never }, changes),
      // No request caused it: its log lines and writes are told apart by the event's own id.
      marked: { event_id: id, event_name: name, correlation_id: id, event_time: time },
      options: {},
      event: `event ${name} ${id}`,
    };
  }

  return function prepare(body: string): PreparedEvent | 'unsubscribed' {
    const message: unknown = JSON.parse(body);
    const source = (message as { source?: unknown } | null)?.source;
    if (typeof source === 'string' && source.startsWith('aws.')) return prepareAwsEvent(message);
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
    const received = { metadata, data: valid.data as never };
    const { contract: _contract, react, ...reactionOptions } = subscription;
    return {
      react: (changes) => react(received, changes),
      marked: metadata,
      options: reactionOptions,
      event: `event ${contractKey(contract.name, contract.version)} ${metadata.event_id}`,
    };
  };
}

/** Where the consumer's effects commit, and the clock its markers are stamped by. */
const applyContextOf = (options: ConsumerOptions): ApplyContext => ({
  tableName: options.tableName,
  clock: options.clock ?? (() => new Date()),
});

/**
 * Handles one SQS message on its own: dispatch, then commit the effect together with the marker
 * (races read again). Every failure throws. Batches go through {@link createConsumerHandler},
 * where reactions that opt in commit together.
 */
export function createEventProcessor(options: ConsumerOptions) {
  const prepare = createDispatcher(options);
  const context = applyContextOf(options);
  return async function processEvent(
    body: string,
  ): Promise<'applied' | 'duplicate' | 'unsubscribed'> {
    const prepared = prepare(body);
    return prepared === 'unsubscribed' ? prepared : applyAlone(prepared, context);
  };
}

/**
 * The SQS handler of a domain's consumer: grouped records reacted to at once and committed in
 * the batch's order, the others at once beside them (consume-batch.ts), failures reported.
 */
export function createConsumerHandler(
  options: ConsumerOptions & {
    /** The consuming domain (or a test's subscriber): the `service` its metrics are filed under. */
    domain: string;
  },
) {
  const consumer = { prepare: createDispatcher(options), ...applyContextOf(options) };
  // The batch's pending group and failures are the invocation's own: invocations may overlap in
  // one process (the local cloud runs up to the consumer's declared maxConcurrency at once).
  return tracedHandler(async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    withMetrics(options.domain, context?.functionName ?? `${options.domain}-consumer`, () =>
      // Retries stop short of the deadline, so a throttled record is reported failed (and
      // redelivered) rather than the whole batch timing out (invocation-budget.ts).
      withinInvocation(context, () =>
        // What failed is handed back to the queue to come again in seconds (hand-back.ts).
        handingBackFailures(event.Records, () => consumeBatch(event.Records, consumer)),
      ),
    ),
  );
}
