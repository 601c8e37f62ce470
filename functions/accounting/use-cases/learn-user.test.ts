import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assignment, memoryAccountingDeps, reacted, workerSnapshot } from '../test-support/memory';
import { chargeAssignmentFee } from './charge-assignment-fee';
import { learnUser } from './learn-user';

describe('learning users from their snapshots', () => {
  it('keeps the newest revision in any order, and never touches the balance', async () => {
    const { deps } = memoryAccountingDeps();
    const id = randomUUID();
    const learn = (revision: number, email: string) =>
      reacted(deps, (changes) => learnUser(deps, workerSnapshot(id, revision, email), changes));
    await learn(3, 'new@uberpopug.test');
    await learn(1, 'old@uberpopug.test');
    expect(await deps.accounts.find(id)).toMatchObject({
      email: 'new@uberpopug.test',
      balance: 0,
      revision: 0,
      userRevision: 3,
    });
    // A movement after the snapshot keeps the e-mail; a snapshot after the movement the balance.
    await reacted(deps, (changes) =>
      chargeAssignmentFee(deps, assignment(randomUUID(), id), changes),
    );
    await learn(4, 'newest@uberpopug.test');
    expect(await deps.accounts.find(id)).toMatchObject({
      email: 'newest@uberpopug.test',
      balance: -1500,
      revision: 1,
    });
    expect(await deps.callers.callerState(id)).toEqual({
      role: 'worker',
      active: true,
      revision: 4,
    });
  });
});
