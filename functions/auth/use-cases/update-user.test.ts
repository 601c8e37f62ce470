import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../domain/actor';
import { memoryAuth, outcomeOf } from '../test-support/memory-accounts';
import { deactivateUser } from './deactivate-user';
import { updateUser } from './update-user';

const context = { correlationId: 'update-test' };
const outcome = outcomeOf;

describe('updateUser', () => {
  it('renames: the next revision and one user.updated', async () => {
    const auth = memoryAuth();
    const worker = await auth.given('worker', 'Kiwi');
    const before = auth.events().length;
    expect(
      await updateUser(auth.deps, OPERATOR, worker.id, { name: 'Kiwi II' }, context),
    ).toMatchObject({ name: 'Kiwi II' });
    expect(auth.events().slice(before)).toEqual([
      { name: 'user.updated', data: expect.objectContaining({ name: 'Kiwi II', revision: 2 }) },
    ]);
  });

  it('re-roles and renames at once: both events at one revision, role_changed with previous_role', async () => {
    const auth = memoryAuth();
    const worker = await auth.given('worker');
    const before = auth.events().length;
    await updateUser(auth.deps, OPERATOR, worker.id, { name: 'Boss', role: 'manager' }, context);
    expect(auth.events().slice(before)).toEqual([
      { name: 'user.updated', data: expect.objectContaining({ role: 'manager', revision: 2 }) },
      {
        name: 'user.role_changed',
        data: expect.objectContaining({ name: 'Boss', revision: 2, previous_role: 'worker' }),
      },
    ]);
  });

  it('writes nothing for values equal to the current ones', async () => {
    const auth = memoryAuth();
    const worker = await auth.given('worker', 'Kiwi');
    const before = auth.events().length;
    await updateUser(auth.deps, OPERATOR, worker.id, { name: 'Kiwi', role: 'worker' }, context);
    expect(auth.events()).toHaveLength(before);
    expect(await auth.users.findById(worker.id)).toMatchObject({ revision: 1 });
  });

  it('refuses re-roling yourself (422), lets you rename yourself', async () => {
    const auth = memoryAuth();
    const [admin] = [await auth.given('admin'), await auth.given('admin')];
    expect(await outcome(updateUser(auth.deps, admin, admin.id, { role: 'worker' }, context))).toBe(
      'own_account',
    );
    expect(await outcome(updateUser(auth.deps, admin, admin.id, { name: 'Me' }, context))).toBe(
      'ok',
    );
  });

  it('changes a deactivated user only by reactivating it', async () => {
    const auth = memoryAuth();
    const worker = await auth.given('worker');
    await deactivateUser(auth.deps, OPERATOR, worker.id, context);
    expect(await outcome(updateUser(auth.deps, OPERATOR, worker.id, { name: 'X' }, context))).toBe(
      'user_inactive',
    );
    const before = auth.events().length;
    await updateUser(auth.deps, OPERATOR, worker.id, { active: true, role: 'manager' }, context);
    expect(await auth.users.findById(worker.id)).toMatchObject({ active: true, revision: 3 });
    expect(
      auth
        .events()
        .slice(before)
        .map((e) => e.name),
    ).toEqual(['user.updated', 'user.role_changed']);
  });

  it('refuses demoting the last active admin (409 last_admin)', async () => {
    const auth = memoryAuth();
    const admin = await auth.given('admin');
    expect(
      await outcome(updateUser(auth.deps, OPERATOR, admin.id, { role: 'worker' }, context)),
    ).toBe('last_admin');
  });

  it('refuses the second of two changes made from the same read (409 concurrent_change)', async () => {
    const auth = memoryAuth();
    const worker = await auth.given('worker');
    const outcomes = await Promise.all([
      outcome(updateUser(auth.deps, OPERATOR, worker.id, { name: 'One' }, context)),
      outcome(updateUser(auth.deps, OPERATOR, worker.id, { name: 'Two' }, context)),
    ]);
    expect(outcomes.sort()).toEqual(['concurrent_change', 'ok']);
    expect(await auth.users.findById(worker.id)).toMatchObject({ revision: 2 });
  });

  it.each([
    ['nothing to change', {}],
    ['active: false', { active: false }],
    ['an unknown field', { email: 'x@y.test' }],
  ])('refuses %s (400 validation_failed)', async (_, body) => {
    const auth = memoryAuth();
    const worker = await auth.given('worker');
    expect(await outcome(updateUser(auth.deps, OPERATOR, worker.id, body, context))).toBe(
      'validation_failed',
    );
  });
});
