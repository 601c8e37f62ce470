import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import {
  commitWith,
  givenWorker,
  refusalOf,
  replica,
  type ContractSetup,
} from '../test-support/contract';
import { CONSISTENT } from '../domain/read-consistency';

/** What the use cases and the HTTP pipeline rely on from a UserReplicaStore, on either adapter. */
export function userReplicaStoreContract(setup: ContractSetup) {
  it('keeps the newest revision of a user (revision_is_newer), as its caller state', async () => {
    const deps = setup();
    expect(await deps.users.find(randomUUID())).toBeUndefined();
    const user = await givenWorker(deps, { revision: 2 });
    expect(await deps.users.find(user.id)).toEqual(user);
    expect(await deps.users.callerState(user.id)).toMatchObject({
      active: true,
      role: 'worker',
      revision: 2,
    });
    for (const revision of [1, 2]) {
      const stale = { ...user, name: 'Stale', revision };
      const refused = await refusalOf(deps, (c) => deps.users.replaced(c, stale));
      expect(refused).toBeInstanceOf(ConditionsFailed);
      expect((refused as ConditionsFailed).guards).toEqual(['revision_is_newer']);
    }
    expect((await deps.users.find(user.id))?.name).toBe(user.name);
  });

  it('moves a user in and out of the assignable pool with each revision', async () => {
    const deps = setup();
    const user = await givenWorker(deps);
    const manager = await givenWorker(deps, { role: 'manager' });
    expect(await deps.users.assignableIds(CONSISTENT)).toContain(user.id);
    expect(await deps.users.assignableIds(CONSISTENT)).not.toContain(manager.id);
    await commitWith(deps, (c) => deps.users.replaced(c, { ...user, active: false, revision: 2 }));
    expect(await deps.users.assignableIds(CONSISTENT)).not.toContain(user.id);
    await commitWith(deps, (c) => deps.users.replaced(c, { ...user, revision: 3 }));
    await commitWith(deps, (c) => deps.users.replaced(c, { ...user, revision: 4 }));
    expect(
      (await deps.users.assignableIds(CONSISTENT)).filter((id) => id === user.id),
    ).toHaveLength(1);
  });

  it('checks that assignees are all still in the pool (assignees_are_assignable)', async () => {
    const deps = setup();
    const [one, two] = [await givenWorker(deps), await givenWorker(deps)];
    await commitWith(deps, (c) => deps.users.stillAssignable(c, [one.id, two.id]));
    const outsider = replica({ role: 'admin' });
    await commitWith(deps, (c) => deps.users.replaced(c, outsider));
    const refused = await refusalOf(deps, (c) =>
      deps.users.stillAssignable(c, [one.id, outsider.id]),
    );
    expect(refused).toBeInstanceOf(ConditionsFailed);
    expect((refused as ConditionsFailed).guards).toEqual(['assignees_are_assignable']);
  });
}
