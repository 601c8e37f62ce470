import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { cents } from '#shared/money';
import type { AccountingDeps } from '../domain/ports';
import { movement, post } from './ledger-store.contract';

/** What the fee and reward rely on from MovementReads, on any adapter. */
export function movementReadsContract(setup: () => AccountingDeps) {
  it('reads nothing of a movement on a new account and an unpriced task', async () => {
    const deps = setup();
    const read = await deps.movementReads.basisOf({ userId: randomUUID(), taskId: randomUUID() });
    expect(read).toEqual({ price: undefined, account: undefined });
  });

  it("reads the task's price and the account as just written", async () => {
    const deps = setup();
    const userId = randomUUID();
    const fee = movement('fee', -1500, '2026-03-03');
    const taskId = fee.taskId!;
    const priced = deps.unitOfWork.begin({ correlationId: 'movement-reads-contract' });
    const price = { fee: cents(1500), reward: cents(3000) };
    deps.tasks.priced(priced, taskId, price, new Date('2026-03-03T08:00:00.000Z'));
    await deps.unitOfWork.commit(priced);
    // Before the fee: the price, and no account.
    expect(await deps.movementReads.basisOf({ userId, taskId })).toEqual({
      price,
      account: undefined,
    });
    await post(deps, undefined, userId, fee);
    // Read at once after the commit (consistently): the account the fee moved.
    const read = await deps.movementReads.basisOf({ userId, taskId });
    expect(read.price).toEqual(price);
    expect(read.account).toEqual(await deps.accounts.find(userId));
    expect(read.account).toMatchObject({ userId, balance: -1500, revision: 1 });
    // Another movement of the same account and task reads the same.
    expect(await deps.movementReads.basisOf({ userId, taskId })).toEqual({
      price,
      account: read.account,
    });
  });
}
