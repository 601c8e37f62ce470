import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shuffleRequestedV1 } from '#events/tasker/tasker.shuffle_requested.v1';
import { memoryTasker } from '../test-support/memory';
import { requestShuffle } from './request-shuffle';

const press = (world: ReturnType<typeof memoryTasker>, by: string = randomUUID()) =>
  requestShuffle(world.deps, { requestedBy: by }, { correlationId: 'press' });

describe('requestShuffle', () => {
  it('refuses with nobody assignable, writing no job', async () => {
    const world = memoryTasker();
    await world.employees(1, { role: 'manager' });
    await expect(press(world)).rejects.toMatchObject({ code: 'no_assignable_employee' });
    expect(world.tables.jobs.size).toBe(0);
    expect(world.published(shuffleRequestedV1)).toEqual([]);
  });

  it('joins a press to the job still waiting, and queues one more behind a running job', async () => {
    const world = memoryTasker();
    await world.employees(2);
    const one = randomUUID();
    const first = await press(world, one);
    const joined = await press(world, randomUUID());
    expect(joined.job_id).toBe(first.job_id);
    expect(world.published(shuffleRequestedV1)).toEqual([
      { job_id: first.job_id, requested_by: one, requested_at: first.requested_at },
    ]);
    expect(await world.deps.lane.find()).toEqual({ running_job: null, queue: [first.job_id] });

    await world.playShuffleEvents();
    expect((await world.deps.jobs.find(first.job_id))?.status).toBe('done');
    const second = await press(world, randomUUID());
    expect(second.job_id).not.toBe(first.job_id);
    expect(second.status).toBe('queued');
  });
});
