import { beforeAll, describe, expect, it } from 'vitest';
import { createTables } from '../../../test/support/tables';
import { FIXTURE_PASSWORD, givenUser } from '../test-support/fixtures';
import { authDeps } from '../wiring';
import { AuthError } from '../domain/errors';
import { login } from './login';

/** The lockout window in time: these tests move a clock instead of waiting 15 minutes. */
describe('login lockout over time', () => {
  beforeAll(() => createTables());

  let now = new Date('2025-03-03T10:00:00Z');
  const deps = () => ({ ...authDeps(), clock: () => now });
  const attempt = (email: string, password: string) =>
    login(deps(), { email, password }, { correlationId: 'lockout-test' }).then(
      () => 'ok',
      (error: AuthError) => error.kind,
    );
  const advanceMinutes = (minutes: number) => {
    now = new Date(now.getTime() + minutes * 60_000);
  };

  it('lets the e-mail in again once 15 minutes have passed since the first failure', async () => {
    const user = await givenUser('worker');
    for (let i = 0; i < 5; i++) {
      expect(await attempt(user.email, 'wrong')).toBe('bad_credentials');
      advanceMinutes(1);
    }
    expect(await attempt(user.email, FIXTURE_PASSWORD)).toBe('locked_out');
    advanceMinutes(9); // 14 minutes after the first failure: still locked
    expect(await attempt(user.email, FIXTURE_PASSWORD)).toBe('locked_out');
    advanceMinutes(1); // 15 minutes: the window has passed
    expect(await attempt(user.email, FIXTURE_PASSWORD)).toBe('ok');
  });

  it('counts failures spread over more than 15 minutes in separate windows', async () => {
    const user = await givenUser('worker');
    for (let i = 0; i < 4; i++) await attempt(user.email, 'wrong');
    advanceMinutes(16);
    for (let i = 0; i < 4; i++) await attempt(user.email, 'wrong');
    expect(await attempt(user.email, FIXTURE_PASSWORD)).toBe('ok');
  });

  it('checks at most 5 passwords of parallel guesses; the rest are refused unchecked', async () => {
    const user = await givenUser('worker');
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => attempt(user.email.toLowerCase(), 'wrong')),
    );
    expect(outcomes.filter((o) => o === 'bad_credentials')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'locked_out')).toHaveLength(3);
    expect(await attempt(user.email, FIXTURE_PASSWORD)).toBe('locked_out');
  });

  it('hands a correct sign-in its attempt back, but keeps the wrong guesses before it', async () => {
    const user = await givenUser('worker');
    for (let i = 0; i < 8; i++) expect(await attempt(user.email, FIXTURE_PASSWORD)).toBe('ok');
    for (let i = 0; i < 4; i++) await attempt(user.email, 'wrong');
    expect(await attempt(user.email, FIXTURE_PASSWORD)).toBe('ok');
    expect(await attempt(user.email, 'wrong')).toBe('bad_credentials');
    expect(await attempt(user.email, FIXTURE_PASSWORD)).toBe('locked_out');
  });
});
