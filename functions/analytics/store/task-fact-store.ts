import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { documentClient, guarded, type TransactItem } from '#shared/dynamo';
import { cents } from '#shared/money';
import type { TaskFactStore } from '../domain/ports';
import type { TaskFact } from '../domain/task-fact';
import { keys, tableName, versionLock } from './keys';

const factItem = z.object({
  task_id: z.string(),
  title: z.string().nullable(),
  jira_id: z.string().nullable(),
  reward_cents: z.number().int().nullable(),
  completed_at: z.string().nullable(),
  completed_on: z.string().nullable(),
  counted_on: z.string().nullable(),
  version: z.number().int().positive(),
});

export class DynamoTaskFactStore implements TaskFactStore {
  async find(taskId: string): Promise<TaskFact | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: tableName(), Key: keys.taskFact(taskId), ConsistentRead: true }),
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
  save(fact: TaskFact): TransactItem {
    return guarded('task_fact_unchanged', {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.taskFact(fact.task_id),
          record_type: 'task_fact',
          ...fact,
          version: fact.version + 1,
        },
        ...versionLock(fact.version),
      },
    });
  }
}
