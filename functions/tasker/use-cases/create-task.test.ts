import { describe, expect, it } from 'vitest';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { memoryTasker } from '../test-support/memory';
import { withPoolRead } from '../test-support/racing-pool';
import { withStalePoolReads } from '../test-support/stale-reads';
import { createTask } from './create-task';

const context = { correlationId: 'test' };

describe('createTask', () => {
  it('assigns the task at once to the one assignable employee, with task.created v2 and task.assigned', async () => {
    const world = memoryTasker();
    const [worker] = await world.employees(1);
    await world.employees(1, { role: 'manager' });
    const view = await createTask(
      world.deps,
      { title: 'Fix beak', jira_id: 'UBERPOP-42', description: 'The beak squeaks.' },
      context,
    );
    expect(view).toMatchObject({
      title: 'Fix beak',
      jira_id: 'UBERPOP-42',
      status: 'open',
      assignee_id: worker!.id,
      assignment_seq: 1,
      fee_cents: null,
    });
    expect(world.published(taskCreatedV2)).toEqual([
      expect.objectContaining({ id: view.id, assignee_id: worker!.id, status: 'open' }),
    ]);
    const [assigned] = world.published(taskAssignedV1);
    expect(assigned).toMatchObject({ id: view.id, user_id: worker!.id, assignment_seq: 1 });
    expect(world.unitOfWork.published().map((e) => e.metadata.correlation_id)).toContain('test');
  });

  it.each([
    ['nobody is assignable', [], { title: 'Fix beak' }, 'no_assignable_employee'],
    ['a rule is broken', ['worker'], { title: '[UBERPOP-1] x' }, 'title_contains_brackets'],
  ] as const)('refuses when %s, writing nothing', async (_case, roles, input, code) => {
    const world = memoryTasker();
    for (const role of roles) await world.employees(1, { role });
    await world.employees(1, { role: 'admin' });
    const rowsBefore = world.unitOfWork.outbox.length;
    await expect(createTask(world.deps, input, context)).rejects.toMatchObject({ code });
    expect(world.tables.tasks.size).toBe(0);
    expect(world.unitOfWork.outbox.length).toBe(rowsBefore);
  });

  it('never gives the task to an employee whose deactivation reached Tasker after the pool was read', async () => {
    const world = memoryTasker();
    const [leaving, staying] = await world.employees(2);
    const real = world.deps.users;
    let reads = 0;
    // The deactivation lands between the create's read of the pool and its commit.
    const racing = withPoolRead(real, async (read) => {
      if (++reads > 1) return real.assignableIds(read);
      await world.react(async (c) => real.replaced(c, { ...leaving!, active: false, revision: 2 }));
      return [leaving!.id];
    });
    const view = await createTask({ ...world.deps, users: racing }, { title: 'Trim' }, context);
    expect(view.assignee_id).toBe(staying!.id);
    expect(world.published(taskAssignedV1).map((e) => e.user_id)).toEqual([staying!.id]);
    expect(reads).toBe(2);
  });

  describe('on a stale pool (the first read is eventually consistent)', () => {
    it('reads again consistently before refusing nobody assignable, and gives the task', async () => {
      const world = memoryTasker();
      const [worker] = await world.employees(1);
      const stale = withStalePoolReads(world.deps.users, []);
      const view = await createTask({ ...world.deps, users: stale }, { title: 'Trim' }, context);
      expect(view.assignee_id).toBe(worker!.id);
    });

    it('re-picks on a consistent read when the stale pick is refused at commit', async () => {
      const world = memoryTasker();
      const [leaving, staying] = await world.employees(2);
      await world.react(async (c) =>
        world.deps.users.replaced(c, { ...leaving!, active: false, revision: 2 }),
      );
      // Every cheap read still offers only the one whose deactivation has just landed.
      const stale = withStalePoolReads(world.deps.users, [leaving!.id]);
      const view = await createTask({ ...world.deps, users: stale }, { title: 'Trim' }, context);
      expect(view.assignee_id).toBe(staying!.id);
      expect(world.published(taskAssignedV1).map((e) => e.user_id)).toEqual([staying!.id]);
    });
  });
});
