import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#events/zod';
import { documentClient } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import { cursorKeyPart, decodeCursor, encodeCursor, invalidCursor } from '#shared/page-cursor';
import type { Entry } from '../domain/ledger';
import { cents } from '#shared/money';
import type { DayFigures, LedgerStore, Posted } from '../domain/ports';
import { movesByDay, type DayMoves } from '../domain/account-days';
import { queryAll } from '#shared/query-all';
import { payoutId } from '../domain/ids';
import { entryOf, figuresOf, firstMovementOf } from './items';
import { ENTRY, FIGURE_SHARDS, INDEX, keys, ledgerIndex } from './keys';
import { movementWrites } from './movement-writes';
import { getItem, getItems } from './read';

const noEarlierFirst = 'attribute_not_exists(first_date) OR first_date > :date';

/** A page cursor is the last key DynamoDB saw, checked to belong to the page asked for. */
const cursorSchema = z.strictObject({
  pk: cursorKeyPart,
  sk: cursorKeyPart,
  gsi1pk: cursorKeyPart,
  gsi1sk: cursorKeyPart,
});

export class DynamoLedgerStore implements LedgerStore {
  /** The earliest first-movement date this process has read: the stored one is never later. */
  private knownFirst: string | undefined;

  constructor(private readonly table: string) {}

  posted(changes: Changes, posted: Posted): void {
    changes.write(...movementWrites(this.table, posted, changes.context.spreadBy));
  }

  async dayEntries(userId: string, date: string, page: { cursor?: string; limit: number }) {
    const pk = ledgerIndex.pk(userId, date);
    const { Items = [], LastEvaluatedKey } = await documentClient.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEX,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: page.cursor === undefined ? undefined : startKeyOf(page.cursor, pk),
      }),
    );
    return {
      entries: Items.map(entryOf),
      nextCursor: LastEvaluatedKey ? encodeCursor(LastEvaluatedKey) : null,
    };
  }

  async payoutEntries(userIds: readonly string[], date: string): Promise<Map<string, Entry>> {
    const items = await getItems(
      this.table,
      userIds.map((userId) => keys.entry(userId, payoutId(userId, date))),
    );
    return new Map(items.map(entryOf).map((entry) => [entry.userId, entry]));
  }

  /**
   * Summed from the account's entries (one partition, read consistently, every page): only the
   * close of a date older than the account's recent days asks, which is rare enough that a
   * per-day item written with every movement cost more than this read.
   */
  async daysFrom(userId: string, date: string): Promise<Map<string, DayMoves>> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entries)',
      FilterExpression: 'business_date >= :date',
      ExpressionAttributeValues: {
        ':pk': keys.account(userId).pk,
        ':entries': ENTRY,
        ':date': date,
      },
      ConsistentRead: true,
    });
    return movesByDay(items.map(entryOf), date);
  }

  async firstMovementDate(): Promise<string | null> {
    const item = await getItem(this.table, keys.firstMovement);
    const first = item ? firstMovementOf(item) : null;
    if (first !== null && (this.knownFirst === undefined || first < this.knownFirst))
      this.knownFirst = first;
    return first;
  }

  /**
   * Keeps the first movement's date the earliest: a conditional update of its own, not an item
   * of the movement's transaction, where a burst of first movements on one account would refuse
   * each other. Refused means an earlier (or the same) date is stored: what we want. A movement
   * that then never commits leaves a date a little early: a day with nothing to pay can close.
   */
  async recordMovementDate(date: string): Promise<void> {
    // The stored date only ever moves earlier: one read per process while movements are later.
    if (this.knownFirst !== undefined && this.knownFirst <= date) return;
    const first = await this.firstMovementDate();
    if (first !== null && first <= date) return;
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.firstMovement,
          UpdateExpression: 'SET record_type = :type, first_date = :date',
          ConditionExpression: noEarlierFirst,
          ExpressionAttributeValues: { ':type': 'first_movement', ':date': date },
        }),
      );
      this.knownFirst = date;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async dayFigures(dates: readonly string[]): Promise<DayFigures[]> {
    const shardKeys = dates.flatMap((date) =>
      Array.from({ length: FIGURE_SHARDS }, (_, shard) => keys.figures(date, shard)),
    );
    const items = await getItems(this.table, shardKeys);
    const totals = new Map(dates.map((date) => [date, { fees: 0, rewards: 0 }]));
    for (const item of items) {
      const figures = figuresOf(item);
      const total = totals.get(figures.business_date);
      if (!total) continue;
      total.fees += figures.fees_cents;
      total.rewards += figures.rewards_cents;
    }
    return dates.map((date) => ({
      date,
      fees_cents: cents(totals.get(date)!.fees),
      rewards_cents: cents(totals.get(date)!.rewards),
    }));
  }
}

function startKeyOf(cursor: string, pk: string) {
  const parsed = decodeCursor(cursor, cursorSchema);
  if (!parsed || parsed.gsi1pk !== pk) throw invalidCursor();
  return parsed;
}
