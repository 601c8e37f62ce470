import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#events/zod';
import { documentClient, guarded } from '#shared/dynamo';
import { cents } from '#shared/money';
import type { Changes } from '#shared/unit-of-work/changes';
import type { TaskFactStore } from '../domain/ports';
import type { TaskFact } from '../domain/task-fact';
import { keys, versionLock } from './keys';

const factItem = z.object({
  task_id: z.string(),
  title: z.nullable(z.string()),
  jira_id: z.nullable(z.string()),
  reward_cents: z.nullable(z.number().check(z.int())),
  completed_at: z.nullable(z.string()),
  completed_on: z.nullable(z.string()),
  counted_on: z.nullable(z.string()),
  version: z.number().check(z.int(), z.positive()),
  applied_events: z.optional(z.array(z.string())),
});

export class DynamoTaskFactStore implements TaskFactStore {
  constructor(private readonly tableName: string) {}

  async find(taskId: string): Promise<TaskFact | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.taskFact(taskId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const item = factItem.parse(Item);
    return {
      ...item,
      reward_cents: item.reward_cents === null ? null : cents(item.reward_cents),
    };
  }

  /**
   * The whole fact, written only if its version is still the one read (or it is still absent):
   * two pieces of one task consumed at once cannot both miss the other and leave the task
   * unranked; the loser's event is retried and then sees both.
   */
  saved(changes: Changes, fact: TaskFact): void {
    changes.write(
      guarded('task_fact_unchanged', {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.taskFact(fact.task_id),
            record_type: 'task_fact',
            ...fact,
            version: fact.version + 1,
          },
          ...versionLock(fact.version),
        },
      }),
    );
  }
}
