import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { nextAssignment } from '../domain/assignment';
import type { TaskStore } from '../domain/ports';
import { memoryTasker } from '../test-support/memory';
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
});
