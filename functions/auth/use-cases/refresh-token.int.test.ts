import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTables } from '../../../test/support/tables';
import { OPERATOR } from '../domain/actor';
import { givenUser } from '../test-support/fixtures';
import { authDeps } from '../wiring';
import { refreshToken } from './refresh-token';
import { updateUser } from './update-user';

describe('refreshToken', () => {
  beforeAll(() => createTables());
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const callerOf = (user: { id: string; email: string; name: string }, authTime: number) => ({
    id: user.id,
    role: 'worker' as const,
    email: user.email,
    name: user.name,
    revision: 1,
    authTime,
  });

  it('signs the user as stored now and keeps the original sign-in time', async () => {
    const user = await givenUser('worker');
    await updateUser(authDeps(), OPERATOR, user.id, { role: 'manager' }, { correlationId: 't' });
    const signedInAt = nowSeconds() - 3600;
    const { token } = await refreshToken(authDeps(), callerOf(user, signedInAt));
    expect(decodeJwt(token)).toMatchObject({ role: 'manager', rev: 2, auth_time: signedInAt });
  });

  it('refuses once the sign-in is 12 hours old, so a stolen token cannot be refreshed for ever', async () => {
    const user = await givenUser('worker');
    const caller = callerOf(user, nowSeconds() - 12 * 3600 - 1);
    await expect(refreshToken(authDeps(), caller)).rejects.toMatchObject({
      kind: 'session_expired',
    });
  });
});
