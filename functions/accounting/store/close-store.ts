import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#events/zod';
import { documentClient, guarded, type TransactItem } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import { CLOSE_LANES, type Close, type CloseTally } from '../domain/close';
import { cursorKeyPart, decodeCursor, encodeCursor, invalidCursor } from '#shared/page-cursor';
import type { ChunkOfLane, ClosePage, CloseStore } from '../domain/ports';
import { closeLaneOf, closeOf, latestCloseOf } from './items';
import { closesIndex, INDEX, keys } from './keys';
import { getItem } from './read';

const dateNotClosed = 'attribute_not_exists(pk)';
const noLaterClose = 'attribute_not_exists(latest_date) OR latest_date < :date';
const notStartedYet = 'attribute_not_exists(accounts_total)';
const laneIsNew = 'attribute_not_exists(pk)';
const closeExists = 'attribute_exists(pk)';
const chunkFollowsLast = 'chunks_done = :previous';
const isAClose = 'gsi1pk = :closes';
const datedUpTo = 'gsi1pk = :closes AND gsi1sk <= :to';

/** A closes-list cursor is the last key read, checked to be a close in the list. */
const cursorSchema = z.strictObject({
  pk: cursorKeyPart,
  sk: cursorKeyPart,
  gsi1pk: z.literal(closesIndex.pk),
  gsi1sk: cursorKeyPart,
});
const doneNotYetMarked = 'lanes_done >= :lanes AND attribute_not_exists(finished_at)';

export class DynamoCloseStore implements CloseStore {
  constructor(private readonly table: string) {}

  async find(date: string): Promise<Close | undefined> {
    const item = await getItem(this.table, keys.close(date));
    return item && closeOf(item);
  }

  async list(page: { to?: string; cursor?: string; limit: number }): Promise<ClosePage> {
    const { Items = [], LastEvaluatedKey } = await documentClient.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEX,
        KeyConditionExpression: page.to === undefined ? isAClose : datedUpTo,
        ExpressionAttributeValues: {
          ':closes': closesIndex.pk,
          ...(page.to === undefined ? {} : { ':to': closesIndex.sk(page.to) }),
        },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: page.cursor === undefined ? undefined : startKeyOf(page.cursor, page.to),
      }),
    );
    return {
      closes: Items.map(closeOf),
      nextCursor: LastEvaluatedKey ? encodeCursor(LastEvaluatedKey) : null,
    };
  }

  async latestDate(): Promise<string | null> {
    const item = await getItem(this.table, keys.latestClose);
    return item ? latestCloseOf(item) : null;
  }

  requested(changes: Changes, close: Close): void {
    changes.write(
      guarded('no_later_close', {
        Update: {
          TableName: this.table,
          Key: keys.latestClose,
          UpdateExpression: 'SET record_type = :type, latest_date = :date',
          ConditionExpression: noLaterClose,
          ExpressionAttributeValues: { ':type': 'latest_close', ':date': close.date },
        },
      }),
      guarded('date_not_closed', {
        Put: {
          TableName: this.table,
          // No accounts_total yet: its absence is what lets the fan-out start exactly once.
          Item: {
            ...keys.close(close.date),
            record_type: 'close',
            date: close.date,
            requested_by: close.requested_by,
            requested_at: close.requested_at,
            lanes_done: 0,
            gsi1pk: closesIndex.pk,
            gsi1sk: closesIndex.sk(close.date),
          },
          ConditionExpression: dateNotClosed,
        },
      }),
    );
  }

  started(changes: Changes, date: string, accountsTotal: number): void {
    const lanes = Array.from({ length: CLOSE_LANES }, (_, lane) => lane);
    changes.write(
      guarded('close_not_started', {
        Update: {
          TableName: this.table,
          Key: keys.close(date),
          UpdateExpression: 'SET accounts_total = :total, lanes_done = :zero',
          ConditionExpression: `attribute_exists(pk) AND ${notStartedYet}`,
          ExpressionAttributeValues: { ':total': accountsTotal, ':zero': 0 },
        },
      }),
      ...lanes.map((lane) =>
        guarded('lane_is_new', {
          Put: {
            TableName: this.table,
            Item: {
              ...keys.closeLane(date, lane),
              record_type: 'close_lane',
              lane,
              accounts: 0,
              paid_count: 0,
              paid_total_cents: 0,
              carried_negative_count: 0,
              chunks_done: 0,
            },
            ConditionExpression: laneIsNew,
          },
        }),
      ),
    );
  }

  undeliverableCounted(changes: Changes, date: string, count: number): void {
    changes.write(
      guarded('close_exists', {
        Update: {
          TableName: this.table,
          Key: keys.close(date),
          UpdateExpression: 'ADD undeliverable :count',
          ConditionExpression: closeExists,
          ExpressionAttributeValues: { ':count': count },
        },
      }),
    );
  }

  async laneTallies(date: string) {
    const { Items = [] } = await documentClient.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :lane)',
        ExpressionAttributeValues: { ':pk': keys.close(date).pk, ':lane': 'LANE#' },
        ConsistentRead: true,
      }),
    );
    return Items.map(closeLaneOf);
  }

  async findLane(date: string, lane: number) {
    const item = await getItem(this.table, keys.closeLane(date, lane));
    return item && closeLaneOf(item);
  }

  chunkCounted(changes: Changes, request: ChunkOfLane, tally: CloseTally, laneDone: boolean) {
    const items: TransactItem[] = [
      guarded('chunk_follows_last', {
        Update: {
          TableName: this.table,
          Key: keys.closeLane(request.date, request.lane),
          UpdateExpression:
            'SET chunks_done = :chunk ADD accounts :accounts, paid_count :paid, paid_total_cents :total, carried_negative_count :carried',
          ConditionExpression: chunkFollowsLast,
          ExpressionAttributeValues: {
            ':chunk': request.chunk,
            ':previous': request.chunk - 1,
            ':accounts': tally.accounts,
            ':paid': tally.paid_count,
            ':total': tally.paid_total_cents,
            ':carried': tally.carried_negative_count,
          },
        },
      }),
    ];
    if (laneDone)
      items.push({
        Update: {
          TableName: this.table,
          Key: keys.close(request.date),
          UpdateExpression: 'ADD lanes_done :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      });
    changes.write(...items);
  }

  async markFinished(date: string, at: Date): Promise<Close | undefined> {
    try {
      const { Attributes } = await documentClient.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.close(date),
          UpdateExpression: 'SET finished_at = :at',
          ConditionExpression: doneNotYetMarked,
          ExpressionAttributeValues: { ':lanes': CLOSE_LANES, ':at': at.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes && closeOf(Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}

/** The key the cursor names, rebuilt from its date: a forged key part never reaches DynamoDB. */
function startKeyOf(cursor: string, to: string | undefined) {
  const date = decodeCursor(cursor, cursorSchema)?.gsi1sk;
  if (date === undefined || (to !== undefined && date > to)) throw invalidCursor();
  return { ...keys.close(date), gsi1pk: closesIndex.pk, gsi1sk: closesIndex.sk(date) };
}
