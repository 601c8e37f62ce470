import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { commit } from '#shared/dynamo';
import { inParallel } from '#shared/in-parallel';
import { logger, withLogKeys } from '#shared/logger';
import { inSubsegment } from '#shared/tracer';
import { NotEnoughTimeError } from '../time/invocation-budget';
import {
  applyAlone,
  effectCommitted,
  reactedEffect,
  type ApplyContext,
  type PreparedEvent,
  type ReactedEffect,
} from './apply-event';
import { metadataOf, type LoggedEvent } from './logged-event';
import { PendingGroup } from './pending-group';

type Outcome = 'applied' | 'duplicate' | 'unsubscribed';

export interface BatchConsumer extends ApplyContext {
  /** Parses, validates and dispatches a record's body; throws for one it refuses. */
  prepare: (body: string) => PreparedEvent | 'unsubscribed';
}

/**
 * How many of a batch's records that commit alone run at once: every one of a batch of ten.
 * A bound all the same, for a consumer given larger batches (a batching window).
 */
export const ALONE_AT_ONCE = 10;

/** How many of a batch's grouped records react at once: a group's worth (at most ten). */
export const GROUPED_AT_ONCE = 10;

/**
 * One SQS batch. The records whose reactions opt in to a group commit (`groupCommit`) are
 * reacted to at once, and their effects join the pending group in the batch's order; the group
 * commits as one transaction when an effect cannot join it (writing an item the group wrote, a
 * full transaction) and at the batch's end. Every other record (a close
 * chunk, a page of e-mails, a user's event, SES's feedback) is applied alone, and those run at
 * once, beside the group: one after another, the 16 lanes' first close chunks, arriving
 * together in one or two batches, moved one lane at a time.
 *
 * Running them at once adds no kind of race the consumer does not meet already: records of
 * concurrent batches (up to the consumer's declared `maxConcurrency`, in the local cloud's one
 * process or in as many environments on AWS) run at once, so every reaction is order-tolerant
 * and race-safe (guarded writes, read again on a race). What an invocation shares is kept
 * apart or shared on purpose:
 * - its time (`withinInvocation`): each record sees the invocation's deadline; a close chunk
 *   sizes its pages from the time left, which no longer shrinks by the records before it;
 * - failures: collected per record, each reported (and handed back) on its own;
 * - the e-mail pace (`SendPace`): one per process, its turns taken in order, so two pages at
 *   once share the rate instead of each taking all of it;
 * - log lines: each record's `correlation_id` rides its async context (`withLogKeys`), not
 *   Powertools' one slot of appended keys, which records at once would overwrite;
 * - X-Ray: each record's subsegment is current in its own context (`inSubsegment`);
 * - metrics: a reaction's are held in its own context until its effect commits.
 * A record is reported successful only once its effect committed; one that fails is reported
 * in `batchItemFailures` and the others go on. Every record failing throws, as Powertools'
 * processor did, so the whole batch is retried.
 */
export async function consumeBatch(
  records: readonly SQSRecord[],
  consumer: BatchConsumer,
): Promise<SQSBatchResponse> {
  const failures: { record: SQSRecord; error: Error }[] = [];
  let group = new PendingGroup();
  const recordOf = new Map<ReactedEffect, SQSRecord>();

  /** Runs `work` with the record's correlation id on every log line it writes. */
  function withCorrelation<T>(
    record: SQSRecord,
    work: (event: LoggedEvent, correlation: string | undefined) => Promise<T>,
  ) {
    const { correlation_id: correlationId, ...event } = metadataOf(record.body);
    const correlation = correlationId === undefined ? undefined : String(correlationId);
    return withLogKeys({ correlation_id: correlation }, () => work(event, correlation));
  }

  const handled = (record: SQSRecord, event: LoggedEvent, outcome: Outcome) =>
    logger.info('event handled', { messageId: record.messageId, ...event, outcome });

  /**
   * Runs `work` as the record's, in its subsegment (`traced`; a grouped event's is its
   * reaction's); a failure is logged and reported.
   */
  const asRecord = (record: SQSRecord, work: () => Promise<Outcome | 'pending'>, traced = true) =>
    withCorrelation(record, async (event, correlation) => {
      try {
        // A subsegment per event, annotated with its request's correlation id (X-Ray).
        const outcome = traced
          ? await inSubsegment(`event ${String(event.event_name ?? 'unknown')}`, correlation, work)
          : await work();
        if (outcome !== 'pending') handled(record, event, outcome);
      } catch (error) {
        // Logged here because only the message id travels back to the queue; reported failed
        // so it is retried, and kept by the dead-letter queue in the end. Work left for an
        // invocation of its own is no failure of the event: a warning.
        const log = error instanceof NotEnoughTimeError ? logger.warn : logger.error;
        log.call(logger, 'event failed; the queue will retry it', {
          messageId: record.messageId,
          receiveCount: record.attributes?.ApproximateReceiveCount,
          error: error as Error,
        });
        failures.push({ record, error: error as Error });
      }
    });

  /**
   * Commits the pending group. Refused by some members' own conditions, the others commit again
   * together; those refused by their marker are duplicates, done, and the rest (a raced
   * revision) commit alone, reading again; refused for no named item (a conflict, time running
   * out), each commits alone.
   */
  async function flush(): Promise<PendingGroup[]> {
    if (group.isEmpty) return [];
    const flushed = group;
    let committing = group;
    group = new PendingGroup();
    const alone: ReactedEffect[] = [];
    const duplicates: ReactedEffect[] = [];
    while (!committing.isEmpty) {
      try {
        await inSubsegment(`group commit of ${committing.members.length} events`, undefined, () =>
          commit(committing.transactItems(consumer.tableName())),
        );
        break;
      } catch (error) {
        const refused = committing.refusedBy(error) ?? committing.members;
        const applied = committing.appliedBefore(error);
        logger.info('group commit refused; the refused events commit alone', {
          events: committing.members.length,
          refused: refused.length,
          duplicates: applied.length,
          error: error as Error,
        });
        duplicates.push(...applied);
        alone.push(...refused.filter((member) => !applied.includes(member)));
        committing = committing.without(refused);
      }
    }
    for (const member of committing.members) {
      // Its held metrics, now that it counts; one that fails fails the record, as it did alone.
      const applied = async () => {
        await effectCommitted(member);
        return 'applied' as const;
      };
      await asRecord(recordOf.get(member)!, applied, false);
    }
    // Refused by their own marker: applied before, nothing to do.
    for (const member of duplicates) {
      await asRecord(recordOf.get(member)!, async () => 'duplicate' as const, false);
    }
    // Races with re-read (and a refusal that named no item): each as if it had come alone.
    for (const member of alone) {
      await asRecord(recordOf.get(member)!, () => applyAlone(member.prepared, consumer));
    }
    return [flushed];
  }

  /**
   * A grouped event's reaction, on the reads it gets now, its counters spread by `spreadBy`:
   * its effect, or undefined when it failed (reported as its record's failure).
   */
  async function reacted(record: SQSRecord, prepared: PreparedEvent, spreadBy: string) {
    let effect: ReactedEffect | undefined;
    await asRecord(record, async () => {
      const reaction = await reactedEffect(prepared, consumer, spreadBy);
      if (reaction === 'nothing')
        throw new Error(`${prepared.event}: a grouped reaction wrote nothing`);
      effect = reaction;
      return 'pending';
    });
    return effect;
  }

  const grouped: { record: SQSRecord; prepared: PreparedEvent }[] = [];
  const alone: { record: SQSRecord; prepared: ReturnType<typeof preparedOrRefusal> }[] = [];
  for (const record of records) {
    const prepared = preparedOrRefusal(consumer, record.body);
    if (prepared instanceof Error || prepared === 'unsubscribed' || !prepared.options.groupCommit)
      alone.push({ record, prepared });
    else grouped.push({ record, prepared });
  }

  /**
   * The grouped records' reactions at once (their reads together, so a member's reads wait for
   * about one reaction's time before the commit, not the whole group's), then their effects in
   * the batch's order into groups. Every reaction spreads its counters by the batch's first
   * grouped event, known before any runs, so a group's adds land on one shard and merge.
   */
  async function inGroups() {
    const spreadBy = grouped[0]?.prepared.marked.event_id;
    if (spreadBy === undefined) return;
    const effects = await inParallel(grouped, GROUPED_AT_ONCE, ({ record, prepared }) =>
      reacted(record, prepared, spreadBy),
    );
    /** The batch's groups committed so far, in order. */
    const committed: PendingGroup[] = [];
    for (const [index, { record, prepared }] of grouped.entries()) {
      let effect = effects[index];
      /** How many of `committed` its reads saw: the reactions at once saw none. */
      let readAfter = 0;
      while (effect !== undefined) {
        // Its reads missed the writes of a group committed since (other than a mergeable add).
        const missedCommit = committed.slice(readAfter).some((done) => done.overwrites(effect!));
        const fit = missedCommit ? 'stale' : group.fit(effect);
        if (fit === 'joins') {
          group.add(effect);
          recordOf.set(effect, record);
          break;
        }
        // A full group, or a pending write the reaction must read: the group commits first.
        if (fit === 'full' || group.overwrites(effect)) committed.push(...(await flush()));
        if (fit === 'stale') {
          readAfter = committed.length;
          effect = await reacted(record, prepared, spreadBy);
        }
      }
    }
    await flush();
  }

  // The others at once, beside the group (see above). A record refused here fails on its own.
  await Promise.all([
    inGroups(),
    inParallel(alone, ALONE_AT_ONCE, ({ record, prepared: event }) =>
      asRecord(record, async () => {
        if (event instanceof Error) throw event;
        if (event === 'unsubscribed') return 'unsubscribed';
        return applyAlone(event, consumer);
      }),
    ),
  ]);

  if (records.length > 0 && failures.length === records.length) {
    throw new FullBatchFailureError(failures.map((f) => f.error));
  }
  return { batchItemFailures: failures.map((f) => ({ itemIdentifier: f.record.messageId })) };
}

/** The record's event and reaction, or why it is refused (thrown where its failure is logged). */
function preparedOrRefusal(consumer: BatchConsumer, body: string) {
  try {
    return consumer.prepare(body);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
