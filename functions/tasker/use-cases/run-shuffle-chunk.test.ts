import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { firstAssignment, nextAssignment } from '../domain/assignment';
import type { ShuffleJobStore, TaskerDeps } from '../domain/ports';
import type { Task } from '../domain/task';
import { NOBODY_ASSIGNABLE_REASON } from '../domain/shuffle-job';
import { commitWith } from '../test-support/contract';
import { memoryTasker } from '../test-support/memory';
import { withPoolRead } from '../test-support/racing-pool';
import { openTask } from '../test-support/seed';
import { withStaleMoveReads } from '../test-support/stale-reads';
import { requestShuffle } from './request-shuffle';
import { runShuffleChunk } from './run-shuffle-chunk';

/** Open tasks of `assigneeId`, written as a create would write them (without its events). */
async function openTasks(deps: TaskerDeps, assigneeId: string, count: number) {
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    const task = openTask(assigneeId, new Date(start + i * 1000));
    const assignment = firstAssignment(task.assignment_id, assigneeId, new Date(start));
    await commitWith(deps, (c) => deps.tasks.created(c, task, assignment));
  }
}

async function aJob(chunkSize: number, workers = 3, tasks = 10) {
  const world = memoryTasker({ config: { shuffleChunkSize: chunkSize } });
  const employees = await world.employees(workers);
  await openTasks(world.deps, employees[0]!.id, tasks);
  const job = await requestShuffle(
    world.deps,
    { requestedBy: randomUUID() },
    { correlationId: 'press' },
  );
  return { world, employees, job };
}

describe('a reshuffle job, chunk after chunk', () => {
  it('moves every open task once, a chunk per message, and frees the lane', async () => {
    const { world, job } = await aJob(4);
    await world.playShuffleEvents();
    const moved = world.published(taskAssignedV1).filter((e) => e.assignment_seq === 2);
    expect(moved).toHaveLength(10);
    expect(new Set(moved.map((e) => e.id)).size).toBe(10);
    expect(await world.deps.jobs.find(job.job_id)).toMatchObject({
      status: 'done',
      open_tasks_at_start: 10,
      processed: 10,
      reassigned: 10,
      chunks_done: 3,
    });
    expect(await world.deps.lane.find()).toEqual({ running_job: null, queue: [] });
  });

  it('counts, not repeats, the moves of a chunk that died after them (last_shuffle_job)', async () => {
    const { world, job } = await aJob(20);
    const real = world.deps.jobs;
    let died = false;
    const dying: ShuffleJobStore = {
      find: (id) => real.find(id),
      queued: (...args) => real.queued(...args),
      started: (...args) => real.started(...args),
      chunkCounted: (...args) => {
        if (!died) {
          died = true;
          throw new Error('the invocation timed out after the moves');
        }
        real.chunkCounted(...args);
      },
    };
    const faulty = { ...world.deps, jobs: dying };
    await expect(world.playShuffleEvents(faulty)).rejects.toThrow(/timed out/);
    const chunk = { job_id: job.job_id, chunk: 1, after: null };
    await world.react((c) => runShuffleChunk(faulty, chunk, c)); // the redelivery
    expect(world.published(taskAssignedV1).filter((e) => e.assignment_seq === 2)).toHaveLength(10);
    expect(await world.deps.jobs.find(job.job_id)).toMatchObject({
      status: 'done',
      processed: 10,
      reassigned: 10,
    });
  });

  it('fails the job with its reason and frees the lane when nobody is assignable any more', async () => {
    const { world, employees, job } = await aJob(4, 1);
    await world.react(async (c) =>
      world.deps.users.replaced(c, { ...employees[0]!, active: false, revision: 2 }),
    );
    await world.playShuffleEvents();
    expect(await world.deps.jobs.find(job.job_id)).toMatchObject({
      status: 'failed',
      failure_reason: NOBODY_ASSIGNABLE_REASON,
    });
    expect(await world.deps.lane.find()).toEqual({ running_job: null, queue: [] });
  });

  it('moves nothing to an employee whose deactivation arrived after the chunk read the pool', async () => {
    const { world, employees } = await aJob(20, 2);
    const [leaving, staying] = employees;
    const real = world.deps.users;
    let deactivated = false;
    const racing = withPoolRead(real, async (consistency) => {
      const read = await real.assignableIds(consistency);
      if (!deactivated) {
        deactivated = true;
        await world.react(async (c) =>
          real.replaced(c, { ...leaving!, active: false, revision: 2 }),
        );
      }
      return read;
    });
    await world.playShuffleEvents({ ...world.deps, users: racing });
    const moved = world.published(taskAssignedV1).filter((e) => e.assignment_seq === 2);
    expect(moved).toHaveLength(10);
    expect(new Set(moved.map((e) => e.user_id))).toEqual(new Set([staying!.id]));
  });

  describe("on a stale read of a batch's tasks (eventually consistent)", () => {
    /** The tasks as they are now, for cheap reads to answer with after later writes. */
    const snapshotOf = (tasks: Iterable<Task>) => new Map([...tasks].map((t) => [t.id, { ...t }]));

    it('reads the batch again consistently when a task created a moment ago is missing', async () => {
      const { world, job } = await aJob(20);
      const [missed] = world.tables.tasks.values();
      const stale = withStaleMoveReads(world.deps.moves, (ids) =>
        ids.filter((id) => id !== missed!.id).map((id) => world.tables.tasks.get(id)!),
      );
      await world.playShuffleEvents({ ...world.deps, moves: stale });
      const moved = world.published(taskAssignedV1).filter((e) => e.assignment_seq === 2);
      expect(moved.map((e) => e.id)).toContain(missed!.id);
      expect(await world.deps.jobs.find(job.job_id)).toMatchObject({
        status: 'done',
        processed: 10,
        reassigned: 10,
      });
    });

    it('re-plans on a consistent read a move refused because the cheap read was old', async () => {
      const { world, employees, job } = await aJob(20);
      const before = snapshotOf(world.tables.tasks.values());
      const [contested] = world.tables.tasks.values();
      // Another move lands after the snapshot: the task is at its second assignment.
      const other = nextAssignment(contested!, randomUUID(), employees[1]!.id, new Date());
      await commitWith(world.deps, (c) =>
        world.deps.moves.moved(c, contested!, other, randomUUID()),
      );
      // Every cheap read shows the tasks as they were before that move.
      const stale = withStaleMoveReads(world.deps.moves, (ids) => ids.map((id) => before.get(id)!));
      await world.playShuffleEvents({ ...world.deps, moves: stale });
      expect(world.tables.tasks.get(contested!.id)).toMatchObject({
        assignment_seq: 3,
        last_shuffle_job: job.job_id,
      });
      expect(await world.deps.jobs.find(job.job_id)).toMatchObject({
        status: 'done',
        processed: 10,
        reassigned: 10,
      });
    });
  });
});
