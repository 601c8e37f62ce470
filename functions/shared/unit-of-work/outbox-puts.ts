import { outboxPut, outboxPutMany } from '#shared/outbox/outbox';
import type { TransactItem } from '#shared/dynamo';
import { Changes } from './changes';

/**
 * The outbox rows of a unit's events, as puts on `tableName`: one row per event, or one per
 * packed batch (`publishAll`). Both adapters write these very rows, so the in-memory one
 * validates and size-checks events exactly as the DynamoDB one does.
 */
export function outboxPutsOf(changes: Changes, tableName: string): TransactItem[] {
  const { correlationId, now } = changes.context;
  const context = { correlationId, now };
  return changes.events.flatMap(({ contract, data, oneRow }) =>
    oneRow
      ? outboxPutMany(tableName, contract, data as never[], context)
      : data.map((one) => outboxPut(tableName, contract, one as never, context)),
  );
}

/** What `begin` opens in either adapter: a unit stamped with its caller and its time. */
export function beginChanges(
  context: { correlationId: string; now?: Date },
  clock: (() => Date) | undefined,
): Changes {
  return new Changes({
    correlationId: context.correlationId,
    now: context.now ?? clock?.() ?? new Date(),
  });
}
