import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#shared/dynamo';
import type { TaskerDeps } from '../domain/ports';
import type { Task } from '../domain/task';
import { taskerTableName as tableName } from '../wiring';
import { taskItem } from '../store/task-items';

/** An open task at its first assignment, as creation would leave it (without its events). */
export function openTask(assigneeId: string, createdAt = new Date()): Task {
  return {
    id: randomUUID(),
    title: 'Seeded task',
    jira_id: null,
    description: '',
    status: 'open',
    assignee_id: assigneeId,
    assignment_id: randomUUID(),
    assignment_seq: 1,
    assigned_at: createdAt.toISOString(),
    created_at: createdAt.toISOString(),
    completed_at: null,
    last_shuffle_job: null,
  };
}

/** Writes many tasks straight through the store's item shape, 25 a call, several calls at once. */
export async function seedTasks(tasks: readonly Task[], parallel = 8): Promise<void> {
  const batches: Task[][] = [];
  for (let i = 0; i < tasks.length; i += 25) batches.push(tasks.slice(i, i + 25));
  const writeBatch = async (batch: Task[]) => {
    let pending = batch.map((task) => ({ PutRequest: { Item: taskItem(task) } }));
    while (pending.length > 0) {
      const { UnprocessedItems } = await documentClient.send(
        new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }),
      );
      pending = (UnprocessedItems?.[tableName()] as typeof pending | undefined) ?? [];
    }
  };
  for (let i = 0; i < batches.length; i += parallel)
    await Promise.all(batches.slice(i, i + parallel).map(writeBatch));
}

/** Completes a task through the store and the unit of work, as a racing completion would. */
export async function commitCompletion(deps: TaskerDeps, task: Task, callerId: string) {
  const changes = deps.unitOfWork.begin({ correlationId: 'race' });
  deps.tasks.completed(changes, task, callerId, new Date());
  await deps.unitOfWork.commit(changes);
}
