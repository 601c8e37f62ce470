import { detailsOf, type OutboxRow } from '#shared/outbox/outbox';
import type { Envelope } from '#events';
import type { Changes, UnitOfWork, Write } from './changes';
import { ConditionsFailed, MAX_TRANSACTION_ITEMS } from './commit-errors';
import { beginChanges, outboxPutsOf } from './outbox-puts';
import { refusalFor, type RefusalTable } from './refusals';

/**
 * One write of an in-memory store: `holds` is its condition against the state before the
 * commit, `apply` its effect. `key` names the item it touches, so a unit that touches one item
 * twice is refused as DynamoDB refuses such a transaction.
 */
export interface MemoryWrite extends Write {
  readonly key?: string;
  holds(): boolean;
  apply(): void;
}

/**
 * The unit of work in memory, for use-case tests without DynamoDB Local. It commits as
 * DynamoDB's transaction does: every condition is checked against the state before any write,
 * all apply or none; at most 100 items; one operation per item. Events become the very outbox
 * rows the DynamoDB adapter writes (validated, size-checked), kept in `outbox`.
 */
export class MemoryUnitOfWork implements UnitOfWork {
  /** Every committed outbox row, in commit order. */
  readonly outbox: OutboxRow[] = [];

  constructor(private readonly options: { refusals?: RefusalTable; clock?: () => Date } = {}) {}

  begin(context: { correlationId: string; now?: Date }): Changes {
    return beginChanges(context, this.options.clock);
  }

  async commit(changes: Changes): Promise<void> {
    const writes = changes.writes.map(asMemoryWrite);
    const rows = outboxPutsOf(changes, 'memory').map((item) => item.Put!.Item as OutboxRow);
    if (writes.length + rows.length === 0) return;
    if (writes.length + rows.length > MAX_TRANSACTION_ITEMS) {
      throw new Error(
        `a transaction holds at most ${MAX_TRANSACTION_ITEMS} items; this one has ${writes.length + rows.length}`,
      );
    }
    const keys = writes.flatMap((write) => (write.key === undefined ? [] : [write.key]));
    if (new Set(keys).size !== keys.length) {
      throw new Error('Transaction request cannot include multiple operations on one item');
    }
    const failed = writes.filter((write) => !write.holds()).map((w) => w.guard ?? 'unnamed');
    if (failed.length > 0) {
      throw refusalFor(this.options.refusals ?? {}, failed) ?? new ConditionsFailed(failed);
    }
    for (const write of writes) write.apply();
    this.outbox.push(...rows);
  }

  /** The events committed so far, as consumers receive them. */
  published(): Envelope<Record<string, unknown>>[] {
    return this.outbox.flatMap((row) => detailsOf(row).map((detail) => JSON.parse(detail)));
  }
}

function asMemoryWrite(write: Write): MemoryWrite {
  const candidate = write as Partial<MemoryWrite>;
  if (typeof candidate.holds !== 'function' || typeof candidate.apply !== 'function') {
    throw new TypeError(
      'an in-memory unit of work was handed a write that is not a MemoryWrite (a DynamoDB store wired to memory?)',
    );
  }
  return candidate as MemoryWrite;
}
