import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { cents } from '#shared/money';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import type { AccountingDeps } from '../domain/ports';

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
    expect(await deps.tasks.findPrice(taskId)).toEqual(price(1000));
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
}
