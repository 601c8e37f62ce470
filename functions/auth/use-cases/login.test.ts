import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../domain/actor';
import { memoryAuth, PASSWORD } from '../test-support/memory-accounts';
import { deactivateUser } from './deactivate-user';
import { login } from './login';

const context = { correlationId: 'login-test' };

function signingIn(auth: ReturnType<typeof memoryAuth>) {
  return (email: string, password: string) =>
    login(auth.deps, { email, password }, context).then(
      () => 'ok',
      (error: { kind: string }) => error.kind,
    );
}

describe('login', () => {
  it('signs in with the e-mail in any case: a token for the user, one user.authorized', async () => {
    const auth = memoryAuth();
    const worker = await auth.given('worker');
    const before = auth.events().length;
    const { token, user } = await login(
      auth.deps,
      { email: worker.email.toUpperCase(), password: PASSWORD },
      context,
    );
    expect(user).toEqual(worker);
    expect(decodeJwt(token)).toMatchObject({ sub: worker.id, role: 'worker', rev: 1 });
    expect(auth.events().slice(before)).toEqual([
      { name: 'user.authorized', data: expect.objectContaining({ id: worker.id }) },
    ]);
  });

  it('answers a wrong password and an unknown e-mail alike, each with one user.denied', async () => {
    const auth = memoryAuth();
    const attempt = signingIn(auth);
    const worker = await auth.given('worker');
    const before = auth.events().length;
    expect(await attempt(worker.email, 'wrong password')).toBe('bad_credentials');
    expect(await attempt('ghost@uberpopug.test', PASSWORD)).toBe('bad_credentials');
    expect(
      auth
        .events()
        .slice(before)
        .map((e) => e.data.reason),
    ).toEqual(['bad_credentials', 'bad_credentials']);
  });

  it('tells a deactivated account apart only to someone who knows its password', async () => {
    const auth = memoryAuth();
    const attempt = signingIn(auth);
    const worker = await auth.given('worker');
    await deactivateUser(auth.deps, OPERATOR, worker.id, context);
    expect(await attempt(worker.email, 'wrong password')).toBe('bad_credentials');
    expect(await attempt(worker.email, PASSWORD)).toBe('account_inactive');
  });

  describe('lockout', () => {
    it('refuses even the right password after 5 failures, until 15 minutes after the first', async () => {
      const auth = memoryAuth();
      const attempt = signingIn(auth);
      const worker = await auth.given('worker');
      for (let i = 0; i < 5; i++) {
        expect(await attempt(worker.email, 'wrong')).toBe('bad_credentials');
        auth.advanceMinutes(1);
      }
      const locked = await login(
        auth.deps,
        { email: worker.email, password: PASSWORD },
        context,
      ).catch((error: unknown) => error);
      expect(locked).toMatchObject({ code: 'too_many_requests', retryAfterSeconds: 10 * 60 });
      auth.advanceMinutes(9); // 14 minutes after the first failure: still locked
      expect(await attempt(worker.email, PASSWORD)).toBe('locked_out');
      auth.advanceMinutes(1); // 15 minutes: the window has passed
      expect(await attempt(worker.email, PASSWORD)).toBe('ok');
      expect(auth.events().filter((e) => e.data.reason === 'locked_out')).toHaveLength(2);
    });

    it('counts failures spread over more than 15 minutes in separate windows', async () => {
      const auth = memoryAuth();
      const attempt = signingIn(auth);
      const worker = await auth.given('worker');
      for (let i = 0; i < 4; i++) await attempt(worker.email, 'wrong');
      auth.advanceMinutes(16);
      for (let i = 0; i < 4; i++) await attempt(worker.email, 'wrong');
      expect(await attempt(worker.email, PASSWORD)).toBe('ok');
    });

    it('checks at most 5 passwords of parallel guesses; the rest are refused unchecked', async () => {
      const auth = memoryAuth();
      const attempt = signingIn(auth);
      const worker = await auth.given('worker');
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => attempt(worker.email, 'wrong')),
      );
      expect(outcomes.filter((o) => o === 'bad_credentials')).toHaveLength(5);
      expect(outcomes.filter((o) => o === 'locked_out')).toHaveLength(3);
      expect(await attempt(worker.email, PASSWORD)).toBe('locked_out');
    });

    it('locks out an unknown e-mail the same way, so the lockout reveals nothing', async () => {
      const auth = memoryAuth();
      const attempt = signingIn(auth);
      for (let i = 0; i < 5; i++) await attempt('ghost@uberpopug.test', 'guess');
      expect(await attempt('ghost@uberpopug.test', 'guess')).toBe('locked_out');
    });

    it('hands a correct sign-in its attempt back, but keeps the wrong guesses before it', async () => {
      const auth = memoryAuth();
      const attempt = signingIn(auth);
      const worker = await auth.given('worker');
      for (let i = 0; i < 8; i++) expect(await attempt(worker.email, PASSWORD)).toBe('ok');
      for (let i = 0; i < 4; i++) await attempt(worker.email, 'wrong');
      expect(await attempt(worker.email, PASSWORD)).toBe('ok');
      expect(await attempt(worker.email, 'wrong')).toBe('bad_credentials');
      expect(await attempt(worker.email, PASSWORD)).toBe('locked_out');
    });
  });
});
