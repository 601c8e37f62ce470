import * as z from '#events/zod';
import { guarded, type TransactItem } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { BusinessDate } from '#shared/time/business-day';
import { shardOf, type EarningsShare } from '../domain/earnings';
import { cents } from '#shared/money';
import type { EarningsStore, MovementRecord } from '../domain/ports';
import { conditions, keys } from './keys';
import { queryAll } from '#shared/query-all';

const shardItem = z.object({
  fees_cents: z._default(z.number().check(z.int()), 0),
  rewards_cents: z._default(z.number().check(z.int()), 0),
});

/** The movement fact's guard: the fact is keyed by Accounting's transaction, so it marks the event. */
export const MOVEMENT_NOT_COUNTED_YET = 'movement_not_counted_yet';

export class DynamoEarningsStore implements EarningsStore {
  constructor(private readonly tableName: string) {}

  recorded(changes: Changes, movement: MovementRecord, share?: EarningsShare): void {
    const fact = guarded(MOVEMENT_NOT_COUNTED_YET, {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.movement(movement.transaction_id), record_type: 'movement', ...movement },
        ConditionExpression: conditions.keyDoesNotExist,
      },
    });
    if (!share) {
      changes.write(fact);
      return;
    }
    const addShare: TransactItem = {
      Update: {
        TableName: this.tableName,
        // Spread by the movement, or by its group when movements commit together: the group's
        // shares then land on one shard, and its commit merges them into one add.
        Key: keys.earningsShard(
          movement.business_date,
          shardOf(changes.context.spreadBy ?? movement.transaction_id),
        ),
        UpdateExpression:
          'ADD fees_cents :fees, rewards_cents :rewards SET record_type = :type, business_date = :date',
        ExpressionAttributeValues: {
          ':fees': share.fees_cents,
          ':rewards': share.rewards_cents,
          ':type': 'day_earnings_shard',
          ':date': movement.business_date,
        },
      },
    };
    changes.write(fact, addShare);
  }

  /** At most EARNINGS_SHARDS items, whatever the day's traffic. */
  async dayTotals(date: BusinessDate): Promise<EarningsShare> {
    const items = await queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.earningsPk(date) },
      ConsistentRead: true,
    });
    const shards = items.map((item) => shardItem.parse(item));
    return {
      fees_cents: cents(shards.reduce((sum, s) => sum + s.fees_cents, 0)),
      rewards_cents: cents(shards.reduce((sum, s) => sum + s.rewards_cents, 0)),
    };
  }
}
