import type * as z from '#events/zod';
import type { DataOf, EventContract, EventMetadata } from '#events';
import type { Changes } from '#shared/unit-of-work/changes';

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
  /**
   * The records of one batch whose reactions opt in are reacted to at once (the others run
   * beside them) and commit their effects, in the batch's order, in one transaction (`pending-group.ts`),
   * their adds to one counter merged into one write and their events packed in shared outbox
   * rows. Only for a reaction every delivery of which writes a
   * marker (its own, `markedBy`, or the `EVENT#` one), so a duplicate in the group refuses the
   * group, which then falls back to one transaction per event. The reaction must be right on
   * reads that miss the group's pending writes: an item the group wrote and the reaction writes
   * again sends it back to read after the group's commit, but one it only reads (and, by what
   * it read, does not write) is not checked: its reaction says why that read is still right.
   */
  groupCommit?: true;
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

export const on = <C extends EventContract>(
  contract: C,
  react: Reaction<DataOf<C>>,
  options: ReactionOptions = {},
): Subscription => {
  // A group is refused by a duplicate's marker; a reaction that may commit without one would
  // let a duplicate through it.
  if (options.groupCommit && options.idempotentByState) {
    throw new Error(
      `${contract.name} v${contract.version}: a reaction idempotent by its state writes no marker, so it cannot commit in a group`,
    );
  }
  return { contract, react: react as Reaction<never>, ...options };
};

export class EventRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventRejectedError';
  }
}
