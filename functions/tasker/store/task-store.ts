import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, documentClient, guarded } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { Assignment } from '../domain/assignment';
import type { ListScope } from '../domain/listing';
import type { StoredTask, TaskStore } from '../domain/ports';
import type { ReadConsistency } from '../domain/read-consistency';
import type { Task } from '../domain/task';
import { byAssigneeIndex, byStatusIndex, keys } from './keys';
import { priceItemOf, priceOf, taskItem, taskOf } from './task-items';
import { listTasks } from './task-list';

const taskIsNew = 'attribute_not_exists(pk)';
const userIsAssignable = 'assignable = :yes';
const taskIsOpen = '#status = :open';
const callerIsAssignee = 'assignee_id = :caller';

export class DynamoTaskStore implements TaskStore {
  constructor(private readonly tableName: string) {}

  /** A task and its price, read together: they share a partition (TASK#<id>). */
  async find(id: string, { consistent }: ReadConsistency): Promise<StoredTask | undefined> {
    const { Items = [] } = await documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.task(id).pk },
        ConsistentRead: consistent,
      }),
    );
    const task = Items.find((item) => item.sk === keys.task(id).sk);
    if (!task) return undefined;
    const price = Items.find((item) => item.sk === keys.price(id).sk);
    return { task: taskOf(task), price: price ? priceOf(price) : undefined };
  }

  /** Prices of many tasks by id, for a page of a list (the index holds tasks, not prices). */
  async pricesOf(taskIds: readonly string[]) {
    const items = await batchGet(
      this.tableName,
      [...new Set(taskIds)].map((id) => keys.price(id)),
      { consistent: false },
    );
    return new Map(
      items.map((item) => {
        const { task_id, fee_cents, reward_cents } = priceItemOf(item);
        return [task_id, { fee_cents, reward_cents }];
      }),
    );
  }

  list(scope: ListScope, limit: number, cursor: string | undefined) {
    return listTasks(this.tableName, scope, limit, cursor);
  }

  /**
   * The task, a check that its assignee is still assignable at commit time (a deactivation can
   * land between picking and writing).
   */
  created(changes: Changes, task: Task, assignment: Assignment): void {
    changes.write(
      guarded('task_is_new', {
        Put: { TableName: this.tableName, Item: taskItem(task), ConditionExpression: taskIsNew },
      }),
      guarded('assignee_is_assignable', {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.user(assignment.assignee_id),
          ConditionExpression: userIsAssignable,
          ExpressionAttributeValues: { ':yes': true },
        },
      }),
    );
  }

  /**
   * Completion, conditional on the task still being open and still the caller's: a reshuffle
   * that moved it first makes this fail, so completion and move never both happen.
   */
  completed(changes: Changes, task: Task, callerId: string, completedAt: Date): void {
    const at = completedAt.toISOString();
    changes.write(
      guarded('task_is_open_and_callers', {
        Update: {
          TableName: this.tableName,
          Key: keys.task(task.id),
          UpdateExpression:
            'SET #status = :completed, completed_at = :at, gsi1sk = :gsi1sk, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
          ConditionExpression: `${taskIsOpen} AND ${callerIsAssignee}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':completed': 'completed',
            ':open': 'open',
            ':at': at,
            ':caller': callerId,
            ':gsi1sk': byAssigneeIndex.sk('completed', task.created_at, task.id),
            ':gsi2pk': byStatusIndex.pk('completed'),
            ':gsi2sk': byStatusIndex.sk(task.created_at, task.id),
          },
        },
      }),
    );
  }
}
