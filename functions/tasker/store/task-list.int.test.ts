import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentClient } from '#shared/dynamo';
import { DynamoUnitOfWork } from '#shared/unit-of-work/dynamo-unit-of-work';
import { createTables } from '../../../test/support/tables';
import { taskerService } from '../service';
import type { Task } from '../domain/task';
import { openTask } from '../test-support/seed';
import { taskItem } from './task-items';
import { DynamoTaskStore } from './task-store';

let table: string;
let store: DynamoTaskStore;
beforeAll(async () => {
  const [created] = await createTables([taskerService]);
  table = created!.name;
  store = new DynamoTaskStore(table);
});
afterEach(() => vi.restoreAllMocks());

async function completeNow(task: Task, callerId: string) {
  const unitOfWork = new DynamoUnitOfWork({ tableName: table });
  const changes = unitOfWork.begin({ correlationId: 'race' });
  store.completed(changes, task, callerId, new Date());
  await unitOfWork.commit(changes);
}

describe("everyone's tasks while they are being completed", () => {
  it('lists a task completed between the open and the completed partition once, with its price', async () => {
    const assignee = randomUUID();
    const tasks = [1, 2, 3].map((n) => openTask(assignee, new Date(Date.UTC(2026, 0, 1, 0, 0, n))));
    for (const task of tasks)
      await documentClient.send(new PutCommand({ TableName: table, Item: taskItem(task) }));
    const racer = tasks[0]!;

    // The completion lands right after the open tasks were read, before the completed ones are.
    const send = documentClient.send.bind(documentClient);
    let queries = 0;
    vi.spyOn(documentClient, 'send').mockImplementation((async (command: unknown) => {
      const answer = await send(command as never);
      if (command instanceof QueryCommand && ++queries === 1) await completeNow(racer, assignee);
      return answer;
    }) as never);

    const page = await store.list({ kind: 'everyone' }, 100, undefined);
    const ids = page.tasks.map((task) => task.id);
    expect(ids.filter((id) => id === racer.id)).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
    // Asking for the page's prices names each task once (BatchGetItem refuses a key twice).
    await expect(store.pricesOf(ids)).resolves.toBeInstanceOf(Map);
    await expect(store.pricesOf([racer.id, racer.id])).resolves.toBeInstanceOf(Map);
  });
});
