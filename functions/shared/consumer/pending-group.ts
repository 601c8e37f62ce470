import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ConditionsFailed, MAX_TRANSACTION_ITEMS, type TransactItem } from '#shared/dynamo';
import { rowGroupsOf } from '#shared/outbox/outbox';
import { outboxPutsOfRows } from '#shared/unit-of-work/outbox-puts';
import type { ReactedEffect } from './apply-event';
import { itemKeyOf, mergedAdds } from './merged-adds';

/**
 * What a group's transaction may weigh, of DynamoDB's 4 MB per transaction (every item also at
 * most 400 KB, which a single event's effect already meets): measured as the items' JSON, which
 * is larger than DynamoDB's own count of names and values, with a margin for the outbox rows.
 */
export const MAX_GROUP_BYTES = 3_000_000;

/** Whether an effect can join the pending group, and why not. */
export type Fit = 'joins' | 'stale' | 'full';

/**
 * The opted-in events of one batch, in its order, whose effects are committed together: one
 * transaction, the writes to one item merged where they only add (`mergedAdds`: a day's shard,
 * a delta), the events packed in as few outbox rows as `packedRows` makes (counted by `rowGroupsOf`), each keeping its own
 * correlation id and time. Nothing here is written until `transactItems` is committed.
 */
export class PendingGroup {
  private readonly items: TransactItem[] = [];
  /** The members each of `items` is written for (several, for a merged add). */
  private readonly owners: Set<ReactedEffect>[] = [];
  /** Which of `items` writes an item (by table and key). */
  private readonly byKey = new Map<string, number>();
  private readonly rows: ReactedEffect['rows'][number][] = [];
  private bytes = 0;
  readonly members: ReactedEffect[] = [];

  get isEmpty(): boolean {
    return this.members.length === 0;
  }

  /**
   * `stale`: the effect writes an item the group already writes, other than by a mergeable add.
   * Its reaction read that item's committed state, which the group's pending write is about to
   * change: the group must commit first and the reaction run again on fresh reads. `full`: it
   * would take the transaction over its item count or size.
   */
  fit(effect: ReactedEffect): Fit {
    // An event's effect alone always fits (the reaction's own limit, MAX_EFFECT_ITEMS).
    if (this.isEmpty) return 'joins';
    if (this.overwrites(effect)) return 'stale';
    const added = effect.writes.filter((item) => !this.byKey.has(itemKeyOf(item))).length;
    const rows = rowGroupsOf([...this.rows, ...effect.rows]).length;
    if (this.items.length + added + rows > MAX_TRANSACTION_ITEMS) return 'full';
    if (this.bytes + bytesOf(effect) > MAX_GROUP_BYTES) return 'full';
    return 'joins';
  }

  /**
   * Whether the effect writes an item this group writes, other than by a mergeable add: a
   * reaction that read before the group committed (or while it is pending) read that item stale.
   */
  overwrites(effect: ReactedEffect): boolean {
    return effect.writes.some((item) => {
      const at = this.byKey.get(itemKeyOf(item));
      return at !== undefined && !mergedAdds(this.items[at]!, item);
    });
  }

  /** Adds an effect that `fit` said joins. */
  add(effect: ReactedEffect): void {
    for (const item of effect.writes) {
      const key = itemKeyOf(item);
      const at = this.byKey.get(key);
      if (at === undefined) {
        this.byKey.set(key, this.items.length);
        this.items.push(item);
        this.owners.push(new Set([effect]));
      } else {
        this.items[at] = mergedAdds(this.items[at]!, item)!;
        this.owners[at]!.add(effect);
      }
    }
    this.rows.push(...effect.rows);
    this.bytes += bytesOf(effect);
    this.members.push(effect);
  }

  /**
   * The members whose own condition refused the group's transaction (`transactItems`): a raced
   * revision, a duplicate's marker. Undefined when the refusal names no item (a conflict, a
   * throttle, time running out): then any member may be the cause.
   */
  refusedBy(error: unknown): ReactedEffect[] | undefined {
    const failed = this.failedItemsOf(error);
    if (failed === undefined) return undefined;
    return [...new Set(failed.flatMap((at) => [...(this.owners[at] ?? [])]))];
  }

  /**
   * Of those, the members refused by their own marker (`appliedGuards`: an `EVENT#` marker, or an
   * item keyed by the event, such as a ledger entry): applied before, so duplicates, which
   * reading again would only confirm.
   */
  appliedBefore(error: unknown): ReactedEffect[] {
    const applied = new Set<ReactedEffect>();
    for (const at of this.failedItemsOf(error) ?? []) {
      const guard = this.items[at]?.guard;
      for (const owner of this.owners[at] ?? [])
        if (guard !== undefined && owner.appliedGuards.includes(guard)) applied.add(owner);
    }
    return [...applied];
  }

  /** The positions in `items` whose condition refused the commit; undefined when none is named. */
  private failedItemsOf(error: unknown): number[] | undefined {
    if (!(error instanceof ConditionsFailed)) return undefined;
    // One item alone is written without a transaction: its condition is the one that failed.
    if (this.items.length === 1 && !(error.cause instanceof TransactionCanceledException)) {
      return [0];
    }
    if (!(error.cause instanceof TransactionCanceledException)) return undefined;
    const failed = (error.cause.CancellationReasons ?? []).flatMap((reason, index) =>
      reason.Code === 'ConditionalCheckFailed' && index < this.items.length ? [index] : [],
    );
    return failed.length > 0 ? failed : undefined;
  }

  /**
   * The group without `refused`: the others' writes as they were (their reads, and the shard
   * their adds share, unchanged), to commit again while the refused ones read again alone.
   */
  without(refused: readonly ReactedEffect[]): PendingGroup {
    const rest = new PendingGroup();
    for (const member of this.members) if (!refused.includes(member)) rest.add(member);
    return rest;
  }

  /** The group's one transaction: every member's writes (merged), then its packed outbox rows. */
  transactItems(tableName: string): TransactItem[] {
    return [...this.items, ...outboxPutsOfRows(this.rows, tableName)];
  }
}

const bytesOf = (effect: ReactedEffect) =>
  Buffer.byteLength(JSON.stringify(effect.writes)) +
  effect.rows.reduce((sum, row) => sum + Buffer.byteLength(JSON.stringify(row)), 0);
