import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#events/zod';
import { documentClient, guarded } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { BusinessDate } from '#shared/time/business-day';
import { cents } from '#shared/money';
import type { DayTopStore } from '../domain/ports';
import type { DayTop } from '../domain/task-fact';
import { rankKey } from '../domain/top-rank';
import { conditions, keys } from './keys';
import { queryAll } from '#shared/query-all';

// A top written before the title was joined on reading also holds the title; it is not read.
const topItem = z.object({
  task_id: z.string(),
  reward_cents: z.number().check(z.int()),
  completed_at: z.string(),
  completed_on: z.string(),
});

export const dayTopOf = (item: unknown): DayTop => {
  const { task_id, reward_cents, completed_at, completed_on } = topItem.parse(item);
  return { task_id, reward_cents: cents(reward_cents), completed_at, completed_on };
};

export class DynamoDayTopStore implements DayTopStore {
  constructor(private readonly tableName: string) {}

  async find(date: BusinessDate): Promise<DayTop | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: keys.dayTop(date), ConsistentRead: true }),
    );
    return Item ? dayTopOf(Item) : undefined;
  }

  async inRange(from: BusinessDate, to: BusinessDate): Promise<DayTop[]> {
    const items = await queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.dayTopsPk, ':from': from, ':to': to },
    });
    return items.map(dayTopOf);
  }

  /** "Higher reward wins", enforced by DynamoDB: the stored top must rank lower than `top`. */
  offered(changes: Changes, top: DayTop): void {
    changes.write(
      guarded('day_top_ranks_lower', {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.dayTop(top.completed_on),
            record_type: 'day_top',
            task_id: top.task_id,
            reward_cents: top.reward_cents,
            completed_at: top.completed_at,
            completed_on: top.completed_on,
            rank: rankKey(top),
          },
          ConditionExpression: `${conditions.keyDoesNotExist} OR ${conditions.rankIsLower}`,
          ExpressionAttributeNames: { '#rank': 'rank' },
          ExpressionAttributeValues: { ':rank': rankKey(top) },
        },
      }),
    );
  }
}
