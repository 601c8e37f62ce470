import { describe, expect, it } from 'vitest';
import { memoryTasker } from '../test-support/memory';
import { applyPrice } from './apply-price';
import { createTask } from './create-task';
import { listTaskPage } from './list-tasks';

describe('listTaskPage', () => {
  it('merges each task’s price and assignee name; others’ lists are for managers only', async () => {
    const world = memoryTasker();
    const [worker] = await world.employees(1, { name: 'Kesha' });
    const task = await createTask(world.deps, { title: 'Count' }, { correlationId: 't' });
    const priced = { id: task.id, fee_cents: 1200, reward_cents: 2500 };
    await world.react((c) =>
      applyPrice(world.deps, { ...priced, priced_at: new Date().toISOString() }, c),
    );
    const page = await listTaskPage(world.deps, { caller: worker!, query: { limit: 10 } });
    expect(page).toEqual({
      tasks: [expect.objectContaining({ ...priced, assignee_name: 'Kesha' })],
      next_cursor: null,
    });
    await expect(
      listTaskPage(world.deps, { caller: worker!, query: { assignee: 'all', limit: 10 } }),
    ).rejects.toMatchObject({ code: 'own_tasks_only' });
  });
});
