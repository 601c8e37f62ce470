import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { documentClient, type TransactItem } from '#shared/dynamo';
import { outboxPut, type EventContext } from '#shared/outbox/outbox';
import type { Assignment } from '../domain/assignment';
import type { Task, TaskPrice } from '../domain/task';
import { batchGet } from './batch-get';
import { byAssigneeIndex, byStatusIndex, keys, tableName } from './table';
import { priceOf, taskItem, taskOf } from './task-items';

/** A task and its price, read together: they share a partition (TASK#<id>). */
export async function findTask(id: string): Promise<{ task: Task; price?: TaskPrice } | undefined> {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.task(id).pk },
      ConsistentRead: true,
    }),
  );
  const task = Items.find((item) => item.sk === 'TASK');
  if (!task) return undefined;
  const price = Items.find((item) => item.sk === 'PRICE');
  return { task: taskOf(task), price: price ? priceOf(price) : undefined };
}

/** Prices of many tasks by id, for a page of a list (the index holds tasks, not prices). */
export async function pricesOf(taskIds: readonly string[]): Promise<Map<string, TaskPrice>> {
  const items = await batchGet(
    taskIds.map((id) => keys.price(id)),
    false,
  );
  return new Map(items.map((item) => [item.task_id as string, priceOf(item)]));
}

/** The task's own event, written beside every state change of it. */
export const taskAssignedPut = (task: Task, assignment: Assignment, context: EventContext) =>
  outboxPut(
    tableName(),
    taskAssignedV1,
    {
      id: task.id,
      user_id: assignment.assignee_id,
      assignment_id: assignment.assignment_id,
      assignment_seq: assignment.assignment_seq,
      assigned_at: assignment.assigned_at,
    },
    context,
  );

/**
 * Creating a task: the task, a check that its assignee is still assignable at commit time (a
 * deactivation can land between picking and writing), and its two events, all or nothing.
 */
export function createTaskItems(
  task: Task,
  assignment: Assignment,
  context: EventContext,
): TransactItem[] {
  return [
    {
      Put: {
        TableName: tableName(),
        Item: taskItem(task),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: keys.user(assignment.assignee_id),
        ConditionExpression: 'assignable = :yes',
        ExpressionAttributeValues: { ':yes': true },
      },
    },
    outboxPut(
      tableName(),
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
    taskAssignedPut(task, assignment, context),
  ];
}
/** Index of the assignee check in createTaskItems, to tell its failure from the others. */
export const CREATE_ASSIGNEE_CHECK = 1;

/**
 * Completing a task, conditional on it still being open and still the caller's: a reshuffle
 * that moved it first makes this fail, so completion and move never both happen.
 */
export function completeTaskItems(
  task: Task,
  callerId: string,
  completedAt: Date,
  context: EventContext,
): TransactItem[] {
  const at = completedAt.toISOString();
  return [
    {
      Update: {
        TableName: tableName(),
        Key: keys.task(task.id),
        UpdateExpression:
          'SET #status = :completed, completed_at = :at, gsi1sk = :gsi1sk, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
        ConditionExpression: '#status = :open AND assignee_id = :caller',
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
    },
    outboxPut(
      tableName(),
      taskCompletedV1,
      { id: task.id, user_id: callerId, completed_at: at },
      context,
    ),
  ];
}
