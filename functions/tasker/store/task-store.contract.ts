import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { cents } from '#shared/money';
import { Refusal } from '#shared/refusal';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import type { Task } from '../domain/task';
import { firstAssignment } from '../domain/assignment';
import {
  commitWith,
  givenTask,
  givenWorker,
  refusalOf,
  type ContractSetup,
} from '../test-support/contract';
import { CONSISTENT } from '../domain/read-consistency';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute));

/** What the use cases rely on from a TaskStore, on either adapter. */
export function taskStoreContract(setup: ContractSetup) {
  it('reads a created task back, without a price until one is stored', async () => {
    const deps = setup();
    const worker = await givenWorker(deps);
    const task = await givenTask(deps, worker.id, at(1));
    expect(await deps.tasks.find(task.id, CONSISTENT)).toEqual({ task });
    expect(await deps.tasks.find(randomUUID(), CONSISTENT)).toBeUndefined();
    const price = { fee_cents: cents(1500), reward_cents: cents(3000) };
    await commitWith(deps, (c) => deps.prices.priced(c, task.id, price, at(2)));
    expect(await deps.tasks.find(task.id, CONSISTENT)).toEqual({ task, price });
    const prices = await deps.tasks.pricesOf([task.id, task.id, randomUUID()]);
    expect([...prices]).toEqual([[task.id, price]]);
  });

  it('refuses a task id twice (task_is_new) and an assignee who is not assignable', async () => {
    const deps = setup();
    const worker = await givenWorker(deps);
    const task = await givenTask(deps, worker.id, at(1));
    const again = await refusalOf(deps, (c) =>
      deps.tasks.created(c, task, firstAssignment(randomUUID(), worker.id, at(1))),
    );
    expect((again as ConditionsFailed).guards).toEqual(['task_is_new']);

    const manager = await givenWorker(deps, { role: 'manager' });
    const toManager = { ...task, id: randomUUID(), assignee_id: manager.id };
    const refused = await refusalOf(deps, (c) =>
      deps.tasks.created(c, toManager, firstAssignment(randomUUID(), manager.id, at(1))),
    );
    expect(refused).toBeInstanceOf(ConditionsFailed);
    expect((refused as ConditionsFailed).guards).toEqual(['assignee_is_assignable']);
    expect(await deps.tasks.find(toManager.id, CONSISTENT)).toBeUndefined();
  });

  it('completes a task once, and only for its assignee (task_is_open_and_callers)', async () => {
    const deps = setup();
    const worker = await givenWorker(deps);
    const task = await givenTask(deps, worker.id, at(1));
    const byOther = await refusalOf(deps, (c) =>
      deps.tasks.completed(c, task, randomUUID(), at(2)),
    );
    expect((byOther as ConditionsFailed).guards).toEqual(['task_is_open_and_callers']);
    await commitWith(deps, (c) => deps.tasks.completed(c, task, worker.id, at(2)));
    expect((await deps.tasks.find(task.id, CONSISTENT))?.task).toEqual({
      ...task,
      status: 'completed',
      completed_at: at(2).toISOString(),
    });
    const twice = await refusalOf(deps, (c) => deps.tasks.completed(c, task, worker.id, at(3)));
    expect((twice as ConditionsFailed).guards).toEqual(['task_is_open_and_callers']);
  });

  it('lists an assignee’s tasks open first, newest first, a page at a time, filtered by status', async () => {
    const deps = setup();
    const worker = await givenWorker(deps);
    const tasks: Task[] = [];
    for (const minute of [1, 2, 3, 4, 5]) tasks.push(await givenTask(deps, worker.id, at(minute)));
    await commitWith(deps, (c) => deps.tasks.completed(c, tasks[4]!, worker.id, at(9)));
    const scope = { kind: 'assignee', assigneeId: worker.id } as const;
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.tasks.list(scope, 2, cursor);
      expect(page.tasks.length).toBeLessThanOrEqual(2);
      seen.push(...page.tasks.map((task) => task.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([3, 2, 1, 0, 4].map((i) => tasks[i]!.id));
    const open = await deps.tasks.list({ ...scope, status: 'open' }, 10, undefined);
    expect(open.tasks.map((task) => task.id)).toEqual([3, 2, 1, 0].map((i) => tasks[i]!.id));
  });

  it('refuses a cursor it did not hand out for the scope with invalid_cursor', async () => {
    const deps = setup();
    const [one, other] = [await givenWorker(deps), await givenWorker(deps)];
    for (const minute of [1, 2, 3]) await givenTask(deps, one.id, at(minute));
    const page = await deps.tasks.list({ kind: 'assignee', assigneeId: one.id }, 1, undefined);
    expect(page.nextCursor).not.toBeNull();
    for (const cursor of [
      page.nextCursor!,
      'not-a-cursor',
      Buffer.from('{}').toString('base64url'),
    ]) {
      const refused = await deps.tasks
        .list({ kind: 'assignee', assigneeId: other.id }, 1, cursor)
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(Refusal);
      expect((refused as Refusal).code).toBe('invalid_cursor');
    }
  });
}
