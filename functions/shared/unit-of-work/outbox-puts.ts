import { outboxRow, packedRows, type PlainOutboxRow } from '#shared/outbox/outbox';
import type { TransactItem } from '#shared/dynamo';
import { Changes } from './changes';

/**
 * The outbox rows of a unit's events, as puts on `tableName`: one row for all of them (see
 * `packedRows`), each event published on its own. Both adapters write these very rows, so the
 * in-memory one validates and size-checks events exactly as the DynamoDB one does.
 */
export function outboxPutsOf(changes: Changes, tableName: string): TransactItem[] {
  return outboxPutsOfRows(outboxRowsOf(changes), tableName);
}

/**
 * A unit's events as plain rows, each envelope stamped with the unit's own correlation id and
 * time: units committed together (a consumer's group) pack their rows in one list, and every
 * event still says which request caused it.
 */
export function outboxRowsOf(changes: Changes): PlainOutboxRow[] {
  const { correlationId, now } = changes.context;
  const context = { correlationId, now };
  return changes.events.flatMap(({ contract, data }) =>
    data.map((one) => outboxRow(contract, one as never, context)),
  );
}

/** Plain rows packed (`packedRows`) as new-row puts on `tableName`. */
export function outboxPutsOfRows(
  rows: readonly PlainOutboxRow[],
  tableName: string,
): TransactItem[] {
  return packedRows(rows).map((row) => ({
    Put: { TableName: tableName, Item: row, ConditionExpression: 'attribute_not_exists(pk)' },
  }));
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
