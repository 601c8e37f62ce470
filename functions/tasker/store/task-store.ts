import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { batchGet, documentClient, guarded } from '#shared/dynamo';
import { outboxPut, type EventContext } from '#shared/outbox/outbox';
import type { Assignment } from '../domain/assignment';
import type { ListScope } from '../domain/listing';
import type { StoredTask, TaskStore, Writes } from '../domain/ports';
import type { Task } from '../domain/task';
import { byAssigneeIndex, byStatusIndex, keys } from './keys';
import { priceItemOf, priceOf, taskAssignedPut, taskItem, taskOf } from './task-items';
import { listTasks } from './task-list';

const taskIsNew = 'attribute_not_exists(pk)';
const userIsAssignable = 'assignable = :yes';
const taskIsOpen = '#status = :open';
const callerIsAssignee = 'assignee_id = :caller';

export class DynamoTaskStore implements TaskStore {
  constructor(private readonly tableName: string) {}

  /** A task and its price, read together: they share a partition (TASK#<id>). */
  async find(id: string): Promise<StoredTask | undefined> {
    const { Items = [] } = await documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.task(id).pk },
        ConsistentRead: true,
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
      taskIds.map((id) => keys.price(id)),
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
   * land between picking and writing), and its two events, all or nothing.
   */
  created(task: Task, assignment: Assignment, context: EventContext): Writes {
    return [
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
      outboxPut(
        this.tableName,
        taskCreatedV2,
        {
          id: task.id,
          title: task.title,
          jira_id: task.jira_id,
          description: task.description,
          assignee_id: task.assignee_id,
          status: task.status,
          created_at: task.created_at,
        },
        context,
      ),
      taskAssignedPut(this.tableName, task, assignment, context),
    ];
  }

  /**
   * Completion, conditional on the task still being open and still the caller's: a reshuffle
   * that moved it first makes this fail, so completion and move never both happen.
   */
  completed(task: Task, callerId: string, completedAt: Date, context: EventContext): Writes {
    const at = completedAt.toISOString();
    return [
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
      outboxPut(
        this.tableName,
        taskCompletedV1,
        { id: task.id, user_id: callerId, completed_at: at },
        context,
      ),
    ];
  }
}
