import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../domain/actor';
import { memoryAuth, outcomeOf } from '../test-support/memory-accounts';
import { deactivateUser } from './deactivate-user';

const context = { correlationId: 'deactivate-test' };
const outcome = outcomeOf;

describe('deactivateUser', () => {
  it('marks the account inactive at the next revision and publishes one user.deleted', async () => {
    const auth = memoryAuth();
    const [admin, worker] = [await auth.given('admin'), await auth.given('worker')];
    const before = auth.events().length;
    const view = await deactivateUser(auth.deps, admin, worker.id, context);
    expect(view).toMatchObject({ id: worker.id, active: false });
    expect(await auth.users.findById(worker.id)).toMatchObject({ active: false, revision: 2 });
    expect(auth.events().slice(before)).toEqual([
      { name: 'user.deleted', data: expect.objectContaining({ id: worker.id, active: false }) },
    ]);
  });

  it('is safe to repeat: a second call answers the same and publishes nothing', async () => {
    const auth = memoryAuth();
    const worker = await auth.given('worker');
    await deactivateUser(auth.deps, OPERATOR, worker.id, context);
    const before = auth.events().length;
    expect(await deactivateUser(auth.deps, OPERATOR, worker.id, context)).toMatchObject({
      active: false,
    });
    expect(auth.events()).toHaveLength(before);
  });

  it('refuses an unknown user (404) and an admin deactivating themselves (422)', async () => {
    const auth = memoryAuth();
    const admin = await auth.given('admin');
    expect(await outcome(deactivateUser(auth.deps, admin, crypto.randomUUID(), context))).toBe(
      'not_found',
    );
    expect(await outcome(deactivateUser(auth.deps, admin, admin.id, context))).toBe('own_account');
  });

  it('never leaves the company without an active admin (409 last_admin)', async () => {
    const auth = memoryAuth();
    const admin = await auth.given('admin');
    expect(await outcome(deactivateUser(auth.deps, OPERATOR, admin.id, context))).toBe(
      'last_admin',
    );
    expect(await auth.users.findById(admin.id)).toMatchObject({ active: true });
  });

  it('lets only one of two admins deactivating each other at once succeed', async () => {
    const auth = memoryAuth();
    const [kiwi, kea] = [await auth.given('admin'), await auth.given('admin')];
    const outcomes = await Promise.all([
      outcome(deactivateUser(auth.deps, kiwi, kea.id, context)),
      outcome(deactivateUser(auth.deps, kea, kiwi.id, context)),
    ]);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    const active = [await auth.users.findById(kiwi.id), await auth.users.findById(kea.id)];
    expect(active.filter((user) => user?.active)).toHaveLength(1);
  });
});
