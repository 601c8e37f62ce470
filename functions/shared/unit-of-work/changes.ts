import type { DataOf, EventContract } from '#events';

/**
 * One write of a change, in the form of the adapter that will commit it: a DynamoDB transaction
 * item from a DynamoDB store, a {@link MemoryWrite} from an in-memory one. Use cases never look
 * inside; `guard` names the rule the write's condition stands for (`'task_is_open'`), so a
 * refused commit says which rule refused.
 */
export interface Write {
  readonly guard?: string;
}

/** Events of one contract, published with the change; `oneRow` packs them in one outbox row. */
export interface PublishedEvents {
  readonly contract: EventContract;
  readonly data: readonly unknown[];
  readonly oneRow: boolean;
}

/** Who asked, and when the change happens: stamped on every event the change publishes. */
export interface ChangeContext {
  readonly correlationId: string;
  readonly now: Date;
  /**
   * What the unit's commutative counters (a day's figures, split over shards so concurrent
   * writers spread) pick their shard by, when the unit commits together with others (a
   * consumer's group commit): the units of one group share it, so their adds land on one shard
   * item and merge into one write. Unset, a store spreads by its own item's id.
   */
  readonly spreadBy?: string;
}

/**
 * The unit of work of one command or reaction: the writes of its state changes (made by the
 * stores, which alone know items and keys) and the events it publishes (chosen by the use case,
 * never by a store). A {@link UnitOfWork} commits it all or nothing, the events as outbox rows in
 * the same transaction.
 */
export class Changes {
  private readonly recorded: Write[] = [];
  private readonly announced: PublishedEvents[] = [];

  constructor(readonly context: ChangeContext) {}

  /** Stores: the writes of a change, in the order they should be checked. */
  write(...writes: readonly Write[]): this {
    this.recorded.push(...writes);
    return this;
  }

  /** Use cases: publish one event with the change. Validated against its contract at commit. */
  publish<C extends EventContract>(contract: C, data: DataOf<C>): this {
    this.announced.push({ contract, data: [data], oneRow: false });
    return this;
  }

  /**
   * Use cases: publish many events of one contract in one outbox row (each keeps its own id and
   * is published as its own event); none for no data.
   */
  publishAll<C extends EventContract>(contract: C, data: readonly DataOf<C>[]): this {
    if (data.length > 0) this.announced.push({ contract, data: [...data], oneRow: true });
    return this;
  }

  /** Another unit's writes and events, after this one's (a reaction's effect into the consumer's). */
  include(other: Changes): this {
    this.recorded.push(...other.writes);
    this.announced.push(...other.events);
    return this;
  }

  get writes(): readonly Write[] {
    return this.recorded;
  }

  get events(): readonly PublishedEvents[] {
    return this.announced;
  }

  /**
   * At most the items the commit will write: each write plus one outbox row per event (or per
   * packed batch). The commit packs every event of the unit in one row (`packedRows`), so it
   * writes fewer when the unit publishes several; callers sizing a transaction stay safe.
   */
  get itemCount(): number {
    return (
      this.recorded.length +
      this.announced.reduce((sum, batch) => sum + (batch.oneRow ? 1 : batch.data.length), 0)
    );
  }

  get isEmpty(): boolean {
    return this.recorded.length === 0 && this.announced.length === 0;
  }
}

/**
 * Where a use case's changes go: `begin` opens a unit for one command, `commit` writes it as one
 * transaction with its events, or not at all. A refused guard that the domain's refusal table
 * names becomes that refusal; any other refused guard is a `ConditionsFailed` naming it, for the
 * use case to act on (read again, pick again).
 */
export interface UnitOfWork {
  begin(context: { correlationId: string; now?: Date }): Changes;
  commit(changes: Changes): Promise<void>;
}
