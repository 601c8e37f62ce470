import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../domain/actor';
import { memoryAuth } from '../test-support/memory-accounts';
import { refreshToken } from './refresh-token';
import { updateUser } from './update-user';

describe('refreshToken', () => {
  const callerOf = (user: { id: string; email: string; name: string }, authTime: number) => ({
    id: user.id,
    role: 'worker' as const,
    email: user.email,
    name: user.name,
    revision: 1,
    authTime,
  });

  it('signs the user as stored now and keeps the original sign-in time', async () => {
    const auth = memoryAuth();
    const nowSeconds = Math.floor(auth.deps.clock().getTime() / 1000);
    const user = await auth.given('worker');
    await updateUser(auth.deps, OPERATOR, user.id, { role: 'manager' }, { correlationId: 't' });
    const signedInAt = nowSeconds - 3600;
    const { token } = await refreshToken(auth.deps, callerOf(user, signedInAt));
    expect(decodeJwt(token)).toMatchObject({ role: 'manager', rev: 2, auth_time: signedInAt });
  });

  it('refuses once the sign-in is 12 hours old, so a stolen token cannot be refreshed for ever', async () => {
    const auth = memoryAuth();
    const nowSeconds = Math.floor(auth.deps.clock().getTime() / 1000);
    const user = await auth.given('worker');
    const caller = callerOf(user, nowSeconds - 12 * 3600 - 1);
    await expect(refreshToken(auth.deps, caller)).rejects.toMatchObject({
      kind: 'session_expired',
    });
  });

  it('refuses a deactivated or unknown user (token_revoked)', async () => {
    const auth = memoryAuth();
    const nowSeconds = Math.floor(auth.deps.clock().getTime() / 1000);
    await expect(
      refreshToken(
        auth.deps,
        callerOf({ id: crypto.randomUUID(), email: 'x', name: 'x' }, nowSeconds),
      ),
    ).rejects.toMatchObject({ kind: 'token_revoked' });
  });
});
