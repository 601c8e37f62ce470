import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { UnitOfWork } from '#shared/unit-of-work/changes';
import type { UserStore } from '../domain/ports';
import type { UserWithCredentials } from '../domain/user';

/** A store and a unit of work refusing with Auth's GUARD_REFUSALS, over the same items. */
export interface UserAccountFixture {
  users: UserStore;
  unitOfWork: UnitOfWork;
}

const userOf = (
  email: string,
  role: UserWithCredentials['role'] = 'worker',
): UserWithCredentials => ({
  id: randomUUID(),
  email,
  name: 'Popug',
  role,
  active: true,
  revision: 1,
  created_at: '2026-12-06T10:00:00.000Z',
  updated_at: '2026-12-06T10:00:00.000Z',
  password_hash: 'scrypt$1024$8$1$salt$hash',
});
const tag = () => randomUUID().slice(0, 8);

/** What Auth's use cases rely on from a user store, on any adapter; `setup` runs per case. */
export function userAccountStoreContract(setup: () => Promise<UserAccountFixture>) {
  const commit = async (
    { unitOfWork }: UserAccountFixture,
    record: (changes: ReturnType<UnitOfWork['begin']>) => void | Promise<void>,
  ) => {
    const changes = unitOfWork.begin({ correlationId: 'contract' });
    await record(changes);
    await unitOfWork.commit(changes);
  };

  it('reads a created user by id and by e-mail in any case, and its state as a caller', async () => {
    const fixture = await setup();
    const user = userOf(`Kiwi-${tag()}@Example.test`);
    await commit(fixture, (changes) => fixture.users.created(changes, user));
    expect(await fixture.users.findById(user.id)).toEqual(user);
    expect(await fixture.users.findByEmail(user.email.toLowerCase())).toEqual(user);
    expect(await fixture.users.callerState(user.id)).toEqual({
      active: true,
      role: 'worker',
      revision: 1,
    });
    expect(await fixture.users.findById(randomUUID())).toBeUndefined();
  });

  it('refuses a second account with the e-mail in another case (email_taken), writing nothing', async () => {
    const fixture = await setup();
    const email = `kea-${tag()}@example.test`;
    await commit(fixture, (changes) => fixture.users.created(changes, userOf(email)));
    const twin = userOf(email.toUpperCase());
    await expect(
      commit(fixture, (changes) => fixture.users.created(changes, twin)),
    ).rejects.toMatchObject({ code: 'email_taken' });
    expect(await fixture.users.findById(twin.id)).toBeUndefined();
  });

  it('updates from the revision read and refuses a stale one (concurrent_change)', async () => {
    const fixture = await setup();
    const user = userOf(`kaka-${tag()}@example.test`);
    await commit(fixture, (changes) => fixture.users.created(changes, user));
    const renamed = { ...user, name: 'Kaka', revision: 2 };
    await commit(fixture, (changes) => fixture.users.updated(changes, renamed, 1));
    expect(await fixture.users.findById(user.id)).toMatchObject({ name: 'Kaka', revision: 2 });
    await expect(
      commit(fixture, (changes) =>
        fixture.users.updated(changes, { ...user, name: 'Stale', revision: 2 }, 1),
      ),
    ).rejects.toMatchObject({ code: 'concurrent_change' });
    expect(await fixture.users.findById(user.id)).toMatchObject({ name: 'Kaka' });
  });

  it('lets only an active caller holding a role act (caller_not_permitted otherwise)', async () => {
    const fixture = await setup();
    const admin = userOf(`boss-${tag()}@example.test`, 'admin');
    const worker = userOf(`hand-${tag()}@example.test`);
    const gone = { ...userOf(`gone-${tag()}@example.test`, 'admin'), active: false };
    await commit(fixture, (changes) => {
      for (const user of [admin, worker, gone]) fixture.users.created(changes, user);
    });
    await commit(fixture, (changes) =>
      fixture.users.callerStillMayAct(changes, admin.id, ['admin']),
    );
    for (const caller of [worker.id, gone.id, randomUUID()])
      await expect(
        commit(fixture, (changes) => fixture.users.callerStillMayAct(changes, caller, ['admin'])),
      ).rejects.toMatchObject({ code: 'caller_not_permitted' });
  });

  it('moves the active-admin count, and never below one (last_admin)', async () => {
    const fixture = await setup();
    await commit(fixture, (changes) => fixture.users.activeAdminsMoved(changes, 1));
    // Whatever the count was, lowering it stops at one.
    let refusal: unknown;
    for (let i = 0; i < 100 && refusal === undefined; i++)
      refusal = await commit(fixture, (changes) =>
        fixture.users.activeAdminsMoved(changes, -1),
      ).then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refusal).toMatchObject({ code: 'last_admin' });
    await commit(fixture, (changes) => fixture.users.activeAdminsMoved(changes, 1));
    await commit(fixture, (changes) => fixture.users.activeAdminsMoved(changes, -1));
    await expect(
      commit(fixture, (changes) => fixture.users.activeAdminsMoved(changes, -1)),
    ).rejects.toMatchObject({ code: 'last_admin' });
  });

  it('lists every user by e-mail, page by page, and refuses a forged cursor (invalid_cursor)', async () => {
    const fixture = await setup();
    const prefix = `list-${tag()}`;
    const mine = ['c', 'a', 'e', 'b', 'd'].map((letter) =>
      userOf(`${prefix}-${letter}@example.test`),
    );
    await commit(fixture, (changes) => {
      for (const user of mine) fixture.users.created(changes, user);
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await fixture.users.list({ limit: 2, cursor });
      expect(page.users.length).toBeLessThanOrEqual(2);
      seen.push(...page.users.map((user) => user.email));
      cursor = page.nextCursor;
    } while (cursor);
    const lower = seen.map((email) => email.toLowerCase());
    expect(lower).toEqual([...lower].sort());
    expect(seen.filter((email) => email.startsWith(prefix))).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((letter) => `${prefix}-${letter}@example.test`),
    );
    await expect(
      fixture.users.list({ limit: 2, cursor: 'bm90IGEgY3Vyc29y' }),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
  });
}
