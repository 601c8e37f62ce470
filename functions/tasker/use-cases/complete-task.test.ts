import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { nextAssignment } from '../domain/assignment';
import type { StoredTask, TaskStore } from '../domain/ports';
import { CONSISTENT } from '../domain/read-consistency';
import { memoryTasker } from '../test-support/memory';
import { isConsistent, withStaleTaskReads } from '../test-support/stale-reads';
import { completeTask } from './complete-task';
import { createTask } from './create-task';

const context = { correlationId: 'test' };

async function aTask() {
  const world = memoryTasker();
  const [worker, other] = await world.employees(2);
  world.deps.random = () => 0;
  const task = await createTask(world.deps, { title: 'Sort seeds' }, context);
  const [assignee, stranger] =
    task.assignee_id === worker!.id ? [worker!, other!] : [other!, worker!];
  return { world, task, assignee, stranger };
}

describe('completeTask', () => {
  it('completes the task for its assignee, once, with task.completed', async () => {
    const { world, task, assignee } = await aTask();
    const done = await completeTask(
      world.deps,
      { taskId: task.id, callerId: assignee.id },
      context,
    );
    expect(done).toMatchObject({ id: task.id, status: 'completed' });
    expect(world.published(taskCompletedV1)).toEqual([
      { id: task.id, user_id: assignee.id, completed_at: done.completed_at },
    ]);
    await expect(
      completeTask(world.deps, { taskId: task.id, callerId: assignee.id }, context),
    ).rejects.toMatchObject({ code: 'already_completed' });
    expect(world.published(taskCompletedV1)).toHaveLength(1);
  });

  it('answers not_assignee to anyone else, whatever the state, and not found for no task', async () => {
    const { world, task, assignee, stranger } = await aTask();
    const byStranger = () =>
      completeTask(world.deps, { taskId: task.id, callerId: stranger.id }, context);
    await expect(byStranger()).rejects.toMatchObject({ code: 'not_assignee' });
    await completeTask(world.deps, { taskId: task.id, callerId: assignee.id }, context);
    await expect(byStranger()).rejects.toMatchObject({ code: 'not_assignee' });
    await expect(
      completeTask(world.deps, { taskId: randomUUID(), callerId: assignee.id }, context),
    ).rejects.toMatchObject({ code: 'task_not_found' });
  });

  it('tells the caller a reshuffle moved the task away while they were completing it', async () => {
    const { world, task, assignee, stranger } = await aTask();
    const real = world.deps.tasks;
    let reads = 0;
    // A move commits right after the completion read the task: its commit is refused, the
    // second read shows the task with someone else.
    const racing: TaskStore = {
      find: async (id, read) => {
        const found = await real.find(id, read);
        if (++reads === 1)
          await world.react(async (c) =>
            world.deps.moves.moved(
              c,
              found!.task,
              nextAssignment(found!.task, randomUUID(), stranger.id, new Date()),
              randomUUID(),
            ),
          );
        return found;
      },
      completed: (...args) => real.completed(...args),
      list: (...args) => real.list(...args),
      pricesOf: (ids) => real.pricesOf(ids),
      created: (...args) => real.created(...args),
    };
    await expect(
      completeTask(
        { ...world.deps, tasks: racing },
        { taskId: task.id, callerId: assignee.id },
        context,
      ),
    ).rejects.toMatchObject({ code: 'task_reassigned' });
    expect(world.published(taskCompletedV1)).toEqual([]);
  });

  describe('on a stale first read (eventually consistent), never the wrong answer', () => {
    /** The task store, its cheap reads answered with `found`; each read's consistency noted. */
    const staleAs = (found: StoredTask | undefined) => {
      const consistencies: boolean[] = [];
      return {
        consistencies,
        tasks: (real: TaskStore): TaskStore => {
          const stale = withStaleTaskReads(real, () => found);
          return {
            ...stale,
            find: (id, read) => {
              consistencies.push(isConsistent(read));
              return stale.find(id, read);
            },
          };
        },
      };
    };

    it("completes a task a reshuffle gave the caller a moment ago, which the cheap read shows as someone else's", async () => {
      const { world, task, stranger } = await aTask();
      const before = (await world.deps.tasks.find(task.id, CONSISTENT))!;
      const moved = nextAssignment(before.task, randomUUID(), stranger.id, new Date());
      await world.react(async (c) => world.deps.moves.moved(c, before.task, moved, randomUUID()));
      const stale = staleAs(before);
      const done = await completeTask(
        { ...world.deps, tasks: stale.tasks(world.deps.tasks) },
        { taskId: task.id, callerId: stranger.id },
        context,
      );
      expect(done).toMatchObject({ status: 'completed', assignee_id: stranger.id });
      // The cheap read refused; the refusal was decided again on a consistent read.
      expect(stale.consistencies).toEqual([false, true]);
    });

    it('completes a task created a moment ago, which the cheap read misses', async () => {
      const { world, task, assignee } = await aTask();
      const stale = staleAs(undefined);
      const done = await completeTask(
        { ...world.deps, tasks: stale.tasks(world.deps.tasks) },
        { taskId: task.id, callerId: assignee.id },
        context,
      );
      expect(done).toMatchObject({ id: task.id, status: 'completed' });
      expect(world.published(taskCompletedV1)).toHaveLength(1);
    });

    it('answers already_completed, not task_reassigned, when the cheap read still shows it open', async () => {
      const { world, task, assignee } = await aTask();
      const open = (await world.deps.tasks.find(task.id, CONSISTENT))!;
      await completeTask(world.deps, { taskId: task.id, callerId: assignee.id }, context);
      const stale = staleAs(open);
      // The commit is refused (no longer open); the read after it is consistent.
      await expect(
        completeTask(
          { ...world.deps, tasks: stale.tasks(world.deps.tasks) },
          { taskId: task.id, callerId: assignee.id },
          context,
        ),
      ).rejects.toMatchObject({ code: 'already_completed' });
      expect(stale.consistencies).toEqual([false, true]);
      expect(world.published(taskCompletedV1)).toHaveLength(1);
    });

    it("reads once, eventually consistent, when the task is the caller's and open", async () => {
      const { world, task, assignee } = await aTask();
      const stale = staleAs((await world.deps.tasks.find(task.id, CONSISTENT))!);
      await completeTask(
        { ...world.deps, tasks: stale.tasks(world.deps.tasks) },
        { taskId: task.id, callerId: assignee.id },
        context,
      );
      expect(stale.consistencies).toEqual([false]);
    });
  });
});
