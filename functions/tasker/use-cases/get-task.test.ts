import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role } from '#events';
import { memoryTasker } from '../test-support/memory';
import { createTask } from './create-task';
import { getTask } from './get-task';

describe('getTask', () => {
  it('shows a task with its assignee’s name to its assignee and managers; refuses others', async () => {
    const world = memoryTasker();
    const [worker] = await world.employees(1, { name: 'Kesha' });
    const [manager] = await world.employees(1, { role: 'manager' });
    const stranger = { id: randomUUID(), role: 'worker' as Role };
    const task = await createTask(world.deps, { title: 'Preen' }, { correlationId: 't' });
    const get = (caller: { id: string; role: Role }, taskId = task.id) =>
      getTask(world.deps, { taskId, caller });
    expect(await get(worker!)).toMatchObject({ id: task.id, assignee_name: 'Kesha' });
    expect(await get(manager!)).toMatchObject({ id: task.id });
    await expect(get(stranger)).rejects.toMatchObject({ code: 'not_your_task' });
    await expect(get(worker!, randomUUID())).rejects.toMatchObject({ code: 'task_not_found' });
  });
});
