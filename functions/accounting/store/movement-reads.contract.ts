import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { cents } from '#shared/money';
import type { AccountingDeps } from '../domain/ports';
import { movement, post } from './ledger-store.contract';

/** What the fee and reward rely on from MovementReads, on any adapter. */
export function movementReadsContract(setup: () => AccountingDeps) {
  it('reads nothing of a movement on a new account and an unpriced task', async () => {
    const deps = setup();
    const read = await deps.movementReads.basisOf({
      userId: randomUUID(),
      entryId: randomUUID(),
      taskId: randomUUID(),
    });
    expect(read).toEqual({ entry: undefined, price: undefined, account: undefined });
  });

  it("reads the movement's entry, the task's price and the account as just written", async () => {
    const deps = setup();
    const userId = randomUUID();
    const fee = movement('fee', -1500, '2026-03-03');
    const taskId = fee.taskId!;
    const priced = deps.unitOfWork.begin({ correlationId: 'movement-reads-contract' });
    const price = { fee: cents(1500), reward: cents(3000) };
    deps.tasks.priced(priced, taskId, price, new Date('2026-03-03T08:00:00.000Z'));
    await deps.unitOfWork.commit(priced);
    // Before the fee: the price, and neither entry nor account.
    expect(await deps.movementReads.basisOf({ userId, entryId: fee.id, taskId })).toEqual({
      entry: undefined,
      price,
      account: undefined,
    });
    const { entry } = await post(deps, undefined, userId, fee);
    // Read at once after the commit (consistently): the entry, and the account it moved.
    const read = await deps.movementReads.basisOf({ userId, entryId: fee.id, taskId });
    expect(read.entry).toEqual(entry);
    expect(read.price).toEqual(price);
    expect(read.account).toEqual(await deps.accounts.find(userId));
    expect(read.account).toMatchObject({ userId, balance: -1500, revision: 1 });
    // Another movement of the same account and task: the account and price, no entry yet.
    const reward = { userId, entryId: randomUUID(), taskId };
    expect(await deps.movementReads.basisOf(reward)).toEqual({
      entry: undefined,
      price,
      account: read.account,
    });
  });
}
