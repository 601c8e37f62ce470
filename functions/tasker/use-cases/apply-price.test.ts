import { describe, expect, it } from 'vitest';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { memoryTasker } from '../test-support/memory';
import { applyPrice } from './apply-price';
import { createTask } from './create-task';
import { getTask } from './get-task';

const priced = (id: string, fee: number, reward: number, minute: number) => ({
  id,
  fee_cents: fee,
  reward_cents: reward,
  priced_at: new Date(Date.UTC(2026, 11, 6, 10, minute)).toISOString(),
});

describe('applyPrice', () => {
  it('shows the newest pricing of a task; an older or repeated one is refused by its guard', async () => {
    const world = memoryTasker();
    const [manager] = await world.employees(1, { role: 'manager' });
    await world.employees(1);
    const task = await createTask(world.deps, { title: 'Count perches' }, { correlationId: 't' });
    const seen = () => getTask(world.deps, { taskId: task.id, caller: manager! });
    await world.react((c) => applyPrice(world.deps, priced(task.id, 1500, 3000, 5), c));
    expect(await seen()).toMatchObject({ fee_cents: 1500, reward_cents: 3000 });
    // Nothing is read first: the put's guard decides, and the consumer takes its refusal as a
    // duplicate (the put marks the event).
    for (const late of [priced(task.id, 1999, 3999, 4), priced(task.id, 1999, 3999, 5)]) {
      const refused = await world
        .react((c) => applyPrice(world.deps, late, c))
        .catch((error: unknown) => error);
      expect((refused as ConditionsFailed).guards).toEqual(['price_is_newer']);
    }
    expect(await seen()).toMatchObject({ fee_cents: 1500, reward_cents: 3000 });
  });

  it('keeps a price that arrives before its task, for the task to show', async () => {
    const world = memoryTasker();
    await world.employees(1);
    const id = '00000000-0000-4000-8000-0000000000aa';
    await world.react((c) => applyPrice(world.deps, priced(id, 1200, 2500, 1), c));
    expect((await world.deps.tasks.pricesOf([id])).get(id)).toEqual({
      fee_cents: 1200,
      reward_cents: 2500,
    });
  });
});
