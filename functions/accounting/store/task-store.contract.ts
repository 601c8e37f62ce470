import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { cents } from '#shared/money';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { Refusal } from '#shared/refusal';
import type { AccountingDeps, TaskHistoryPage } from '../domain/ports';
import { pollUntil } from '../../../test/support/poll';
import { movement, onTask, post } from './ledger-store.contract';

/** Every page of a task's history from the first, as one list (and how many pages it took). */
async function wholeHistory(
  deps: AccountingDeps,
  taskId: string,
  page: { limit: number; onlyUser?: string },
) {
  const movements: TaskHistoryPage['movements'] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const read = await deps.tasks.history(taskId, { ...page, cursor });
    movements.push(...read.movements);
    cursor = read.nextCursor ?? undefined;
    pages++;
  } while (cursor !== undefined);
  return { movements, pages };
}

/** What the use cases rely on from a TaskStore, on any adapter. */
export function taskStoreContract(setup: () => AccountingDeps) {
  it('prices a task once (`price_is_new`): the first price stays', async () => {
    const deps = setup();
    const taskId = randomUUID();
    expect(await deps.tasks.findKnown(taskId)).toBeNull();
    const price = (fee: number) => ({ fee: cents(fee), reward: cents(3000) });
    const first = deps.unitOfWork.begin({ correlationId: 'task-contract' });
    deps.tasks.priced(first, taskId, price(1000), new Date('2026-03-03T09:00:00Z'));
    await deps.unitOfWork.commit(first);
    const second = deps.unitOfWork.begin({ correlationId: 'task-contract' });
    deps.tasks.priced(second, taskId, price(2000), new Date('2026-03-03T09:00:01Z'));
    const refused = await deps.unitOfWork.commit(second).catch((e: unknown) => e);
    expect((refused as ConditionsFailed).guards).toEqual(['price_is_new']);
    expect(await deps.tasks.findKnown(taskId)).toEqual({ details: null, price: price(1000) });
  });

  it('keeps what the creator wrote, found alone or with others', async () => {
    const deps = setup();
    const facts = {
      id: randomUUID(),
      title: 'Fix beak',
      jira_id: 'UBERPOP-42',
      description: 'it squeaks',
      created_at: '2026-03-03T08:00:00.000Z',
      assignee_id: null,
      status: 'open' as const,
    };
    const changes = deps.unitOfWork.begin({ correlationId: 'task-contract' });
    deps.tasks.described(changes, facts);
    await deps.unitOfWork.commit(changes);
    const details = {
      id: facts.id,
      title: 'Fix beak',
      jira_id: 'UBERPOP-42',
      description: 'it squeaks',
    };
    expect(await deps.tasks.findDetails([facts.id, randomUUID()])).toEqual(
      new Map([[facts.id, details]]),
    );
    expect(await deps.tasks.findKnown(facts.id)).toEqual({ details, price: null });
  });

  it("reads a task's fees and reward oldest first, a page at a time, none skipped or repeated", async () => {
    const deps = setup();
    const taskId = randomUUID();
    const [first, second] = [randomUUID(), randomUUID()];
    const on = (kind: 'fee' | 'reward', amount: number, minute: number) =>
      onTask(taskId, kind, amount, minute);
    // Posted out of order: the reward arrives before the second fee.
    const fee = await post(deps, undefined, first, on('fee', -1500, 1));
    const reward = await post(deps, undefined, second, on('reward', 3000, 3));
    const moved = await post(deps, await deps.accounts.find(second), second, on('fee', -1500, 2));
    // Another task's fee is not in this task's history.
    await post(deps, await deps.accounts.find(first), first, movement('fee', -1000, '2026-03-03'));
    const asShown = ({ entry }: typeof fee) => ({
      id: entry.id,
      userId: entry.userId,
      kind: entry.kind,
      amount: entry.amount,
      at: entry.at,
    });
    const all = [fee, moved, reward].map(asShown);
    const whole = await pollUntil(
      "the task's three movements",
      () => wholeHistory(deps, taskId, { limit: 50 }),
      (read) => read.movements.length === 3,
    );
    expect(whole).toEqual({ movements: all, pages: 1 });
    const paged = await wholeHistory(deps, taskId, { limit: 2 });
    expect(paged.movements).toEqual(all);
    expect(paged.pages).toBeGreaterThanOrEqual(2);
    const own = await wholeHistory(deps, taskId, { limit: 1, onlyUser: second });
    expect(own.movements).toEqual([moved, reward].map(asShown));
    const firstPage = await deps.tasks.history(taskId, { limit: 2 });
    const foreign = deps.tasks.history(randomUUID(), {
      limit: 2,
      cursor: firstPage.nextCursor ?? undefined,
    });
    await expect(foreign).rejects.toBeInstanceOf(Refusal);
    await expect(foreign).rejects.toMatchObject({ code: 'invalid_cursor' });
  });
}
