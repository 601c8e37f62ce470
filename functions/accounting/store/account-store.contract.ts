import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { laneOf } from '../domain/close';
import type { AccountingDeps, UserSnapshot } from '../domain/ports';
import { movement, post } from './ledger-store.contract';

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

/** Every account id of `lane`, page by page as the close walks it (pages of `limit`). */
async function walk(deps: AccountingDeps, lane: number, limit: number) {
  let after: string | null = null;
  const seen: string[] = [];
  for (;;) {
    const page = await deps.accounts.lanePage(lane, after, limit);
    seen.push(...page.userIds);
    if (page.exhausted || page.last === null) return seen;
    after = page.last;
  }
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
    const seen = await walk(deps, lane, 50);
    expect(seen).toContain(id);
    expect([...seen].sort()).toEqual(seen);
    expect(await deps.accounts.countInLane(lane)).toBe(seen.length);
  });

  it('lists in its lane, once, an account first moved before it was learned, and one learned first', async () => {
    const deps = setup();
    const lane = laneOf(randomUUID());
    const inLane = () => {
      for (;;) {
        const id = randomUUID();
        if (laneOf(id) === lane) return id;
      }
    };
    const [movedFirst, learnedFirst] = [inLane(), inLane()];
    // Only a movement: nobody has learned this user yet, and the close must still pay it.
    await post(deps, undefined, movedFirst, movement('reward', 3000, '2026-03-03'));
    await learn(deps, snapshot(learnedFirst, 1));
    // Learned, then moved twice: the second update is a plain balance update.
    for (const m of [movement('fee', -1500, '2026-03-03'), movement('reward', 3000, '2026-03-03')])
      await post(deps, await deps.accounts.find(learnedFirst), learnedFirst, m);

    // Pages of one: each account is its own page, and a page's end is the next one's start.
    const seen = await walk(deps, lane, 1);
    expect(seen.filter((id) => id === movedFirst || id === learnedFirst).sort()).toEqual(
      [movedFirst, learnedFirst].sort(),
    );
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
    expect(await deps.accounts.countInLane(lane)).toBe(seen.length);
    // Learned at last: still once in its lane, and among the people by name.
    await learn(deps, snapshot(movedFirst, 1, 'Late'));
    expect(await walk(deps, lane, 50)).toEqual(seen);
    expect(await deps.people.everyone()).toContainEqual({
      id: movedFirst,
      name: 'Late',
      role: 'worker',
      active: true,
    });
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
