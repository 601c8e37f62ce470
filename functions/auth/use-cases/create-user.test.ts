import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../domain/actor';
import { verifyPassword } from '../domain/password';
import { memoryAuth, PASSWORD } from '../test-support/memory-accounts';
import { deactivateUser } from './deactivate-user';
import { createUser } from './create-user';

const context = { correlationId: 'create-test' };
const input = (email: string) => ({ email, name: 'Kiwi', role: 'worker', password: PASSWORD });

describe('createUser', () => {
  it('stores the user at revision 1 with a hash of the password, and publishes one user.created', async () => {
    const auth = memoryAuth();
    const admin = await auth.given('admin');
    const before = auth.events().length;
    const user = await createUser(auth.deps, admin, input('Kiwi@UberPopug.test'), context);

    expect(user).toMatchObject({ email: 'Kiwi@UberPopug.test', role: 'worker', active: true });
    expect(user).not.toHaveProperty('password_hash');
    const stored = await auth.users.findByEmail('kiwi@uberpopug.test');
    expect(stored?.revision).toBe(1);
    expect(await verifyPassword(PASSWORD, stored!.password_hash)).toBe(true);
    expect(auth.events().slice(before)).toEqual([
      {
        name: 'user.created',
        data: expect.objectContaining({ id: user.id, revision: 1, active: true, role: 'worker' }),
      },
    ]);
    expect(JSON.stringify(auth.unitOfWork.outbox)).not.toContain(PASSWORD);
  });

  it('refuses an e-mail taken in any letter case (409 email_taken, naming it) and writes nothing', async () => {
    const auth = memoryAuth();
    await createUser(auth.deps, OPERATOR, input('kea@uberpopug.test'), context);
    const before = auth.events().length;
    await expect(
      createUser(auth.deps, OPERATOR, input('KEA@uberpopug.test'), context),
    ).rejects.toMatchObject({ code: 'email_taken', message: expect.stringContaining('KEA@') });
    expect(auth.users.users.size).toBe(1);
    expect(auth.events()).toHaveLength(before);
  });

  it('refuses a caller who is no longer an active admin when it commits (403)', async () => {
    const auth = memoryAuth();
    const [admin, other] = [await auth.given('admin'), await auth.given('admin')];
    await deactivateUser(auth.deps, other, admin.id, context);
    await expect(
      createUser(auth.deps, admin, input('kaka@uberpopug.test'), context),
    ).rejects.toMatchObject({ code: 'caller_not_permitted' });
    expect(await auth.users.findByEmail('kaka@uberpopug.test')).toBeUndefined();
  });

  it.each([
    ['an unknown field', { ...input('x@uberpopug.test'), admin: true }],
    ['a short password', { ...input('x@uberpopug.test'), password: 'short' }],
    ['an unknown role', { ...input('x@uberpopug.test'), role: 'boss' }],
    ['a bad e-mail', input('not-an-email')],
  ])('refuses %s (400 validation_failed)', async (_, body) => {
    const auth = memoryAuth();
    await expect(createUser(auth.deps, OPERATOR, body, context)).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(auth.users.users.size).toBe(0);
  });
});
