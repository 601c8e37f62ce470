import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import type { Task } from '../domain/task';
import { nextAssignment } from '../domain/assignment';
import {
  commitWith,
  givenTask,
  givenWorker,
  refusalOf,
  type ContractSetup,
} from '../test-support/contract';
import { CONSISTENT } from '../domain/read-consistency';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, second));

/** What the reshuffle relies on from a ShuffleMoveStore, on either adapter. */
export function shuffleMoveStoreContract(setup: ContractSetup) {
  it('pages through the open tasks oldest first, each once, and counts them', async () => {
    const deps = setup();
    const worker = await givenWorker(deps);
    const before = await deps.moves.countOpen();
    const tasks: Task[] = [];
    for (const second of [3, 1, 2, 4]) tasks.push(await givenTask(deps, worker.id, at(second)));
    await commitWith(deps, (c) => deps.tasks.completed(c, tasks[3]!, worker.id, at(9)));
    expect(await deps.moves.countOpen()).toBe(before + 3);

    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page = await deps.moves.openPage(after, 2);
      expect(page.taskIds.length).toBeLessThanOrEqual(2);
      seen.push(...page.taskIds);
      if (page.exhausted) break;
      expect(page.lastSortKey).not.toBeNull();
      after = page.lastSortKey;
    }
    const ours = new Set(tasks.map((task) => task.id));
    expect(seen.filter((id) => ours.has(id))).toEqual([1, 2, 0].map((i) => tasks[i]!.id));
    expect(new Set(seen).size).toBe(seen.length);
    const read = await deps.moves.read([tasks[0]!.id, tasks[3]!.id], CONSISTENT);
    expect(read.map((task) => task.status).sort()).toEqual(['completed', 'open']);
  });

  it('moves a task only while it is open at the assignment read (moveGuard)', async () => {
    const deps = setup();
    const [from, to] = [await givenWorker(deps), await givenWorker(deps)];
    const task = await givenTask(deps, from.id, at(5));
    const move = nextAssignment(task, randomUUID(), to.id, at(6));
    const jobId = randomUUID();
    await commitWith(deps, (c) => deps.moves.moved(c, task, move, jobId));
    const [moved] = await deps.moves.read([task.id], CONSISTENT);
    expect(moved).toEqual({
      ...task,
      assignee_id: to.id,
      assignment_id: move.assignment_id,
      assignment_seq: 2,
      assigned_at: move.assigned_at,
      last_shuffle_job: jobId,
    });
    const list = await deps.tasks.list({ kind: 'assignee', assigneeId: to.id }, 5, undefined);
    expect(list.tasks.map((t) => t.id)).toEqual([task.id]);

    const stale = await refusalOf(deps, (c) => deps.moves.moved(c, task, move, jobId));
    expect(stale).toBeInstanceOf(ConditionsFailed);
    expect((stale as ConditionsFailed).guards).toEqual([deps.moves.moveGuard(task.id)]);
    await commitWith(deps, (c) => deps.tasks.completed(c, moved!, to.id, at(7)));
    const done = await refusalOf(deps, (c) =>
      deps.moves.moved(c, moved!, nextAssignment(moved!, randomUUID(), from.id, at(8)), jobId),
    );
    expect((done as ConditionsFailed).guards).toEqual([deps.moves.moveGuard(task.id)]);
  });
}
