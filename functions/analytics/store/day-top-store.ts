import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#events/zod';
import { documentClient, guarded } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { BusinessDate } from '#shared/time/business-day';
import { cents } from '#shared/money';
import type { DayTopStore } from '../domain/ports';
import type { RankedTask } from '../domain/task-fact';
import { rankKey } from '../domain/top-rank';
import { conditions, keys } from './keys';
import { queryAll } from '#shared/query-all';

const topItem = z.object({
  task_id: z.string(),
  title: z.string(),
  jira_id: z.nullable(z.string()),
  reward_cents: z.number().check(z.int()),
  completed_at: z.string(),
  completed_on: z.string(),
});

const rankedTaskOf = (item: unknown): RankedTask => {
  const top = topItem.parse(item);
  return { ...top, reward_cents: cents(top.reward_cents) };
};

export class DynamoDayTopStore implements DayTopStore {
  constructor(private readonly tableName: string) {}

  async find(date: BusinessDate): Promise<RankedTask | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: keys.dayTop(date), ConsistentRead: true }),
    );
    return Item ? rankedTaskOf(Item) : undefined;
  }

  async inRange(from: BusinessDate, to: BusinessDate): Promise<RankedTask[]> {
    const items = await queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.dayTopsPk, ':from': from, ':to': to },
    });
    return items.map(rankedTaskOf);
  }

  /** "Higher reward wins", enforced by DynamoDB: the stored top must rank lower than `task`. */
  offered(changes: Changes, task: RankedTask): void {
    changes.write(
      guarded('day_top_ranks_lower', {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.dayTop(task.completed_on),
            record_type: 'day_top',
            ...task,
            rank: rankKey(task),
          },
          ConditionExpression: `${conditions.keyDoesNotExist} OR ${conditions.rankIsLower}`,
          ExpressionAttributeNames: { '#rank': 'rank' },
          ExpressionAttributeValues: { ':rank': rankKey(task) },
        },
      }),
    );
  }
}
