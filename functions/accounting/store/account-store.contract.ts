import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { laneOf } from '../domain/close';
import type { AccountingDeps, UserSnapshot } from '../domain/ports';

const snapshot = (id: string, revision: number, name = 'Popug'): UserSnapshot => ({
  id,
  email: `${id.slice(0, 8)}@uberpopug.test`,
  name,
  role: 'worker',
  active: true,
  revision,
  changed_at: '2026-03-03T01:00:00.000Z',
});

async function learn(deps: AccountingDeps, user: UserSnapshot) {
  const changes = deps.unitOfWork.begin({ correlationId: 'account-contract' });
  deps.accounts.learned(changes, user);
  await deps.unitOfWork.commit(changes);
}

/** What the use cases rely on from an AccountStore (and the people directory), on any adapter. */
export function accountStoreContract(setup: () => AccountingDeps) {
  it('learns a user: a new account with no balance, listed among the people and in its lane', async () => {
    const deps = setup();
    const id = randomUUID();
    await learn(deps, snapshot(id, 1));
    expect(await deps.accounts.find(id)).toMatchObject({
      userId: id,
      balance: 0,
      revision: 0,
      name: 'Popug',
      userRevision: 1,
      role: 'worker',
      active: true,
    });
    expect(await deps.people.everyone()).toContainEqual({
      id,
      name: 'Popug',
      role: 'worker',
      active: true,
    });
    expect((await deps.accounts.findMany([id, randomUUID()])).size).toBe(1);
    const lane = laneOf(id);
    let after: string | null = null;
    const seen: string[] = [];
    for (;;) {
      const page = await deps.accounts.lanePage(lane, after, 50);
      seen.push(...page.userIds);
      if (page.exhausted) break;
      after = page.last;
    }
    expect(seen).toContain(id);
    expect([...seen].sort()).toEqual(seen);
    expect(await deps.accounts.countInLane(lane)).toBe(seen.length);
  });

  it('refuses an older or equal snapshot (`snapshot_is_newer`) and keeps the newer one', async () => {
    const deps = setup();
    const id = randomUUID();
    await learn(deps, snapshot(id, 2, 'Newer'));
    const refused = await learn(deps, snapshot(id, 1, 'Older')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConditionsFailed);
    expect((refused as ConditionsFailed).guards).toEqual(['snapshot_is_newer']);
    expect(await deps.accounts.find(id)).toMatchObject({ name: 'Newer', userRevision: 2 });
  });
}
