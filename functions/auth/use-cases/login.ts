import { userAuthorizedV1 } from '#events/auth/user.authorized.v1';
import { userDeniedV1 } from '#events/auth/user.denied.v1';
import { AuthError, BAD_CREDENTIALS_MESSAGE } from '../domain/errors';
import { pendingEvent, type CommandContext } from '../domain/events';
import { isLockedOut, LOCKOUT_POLICY, secondsUntilUnlocked } from '../domain/lockout';
import { UNKNOWN_USER_HASH, verifyPassword } from '../domain/password';
import type { AuthDeps } from '../domain/ports';
import { issueToken } from '../domain/token';
import { emailKeyOf, viewOf, type UserView } from '../domain/user';
import { loginInput } from '../domain/validation';
import { parseInput } from './parse-input';

type DenialReason = 'bad_credentials' | 'inactive' | 'locked_out';

/**
 * Signs an employee in. Every refusal publishes one `user.denied`; a success publishes
 * `user.authorized` and clears the e-mail's failure count.
 *
 * The lockout is checked first, before the password is even looked at: a locked-out e-mail
 * learns nothing from further guesses, right or wrong. An unknown e-mail is hashed against a
 * dummy hash and counted like a wrong password, so neither the answer, its timing nor the
 * lockout reveals whether an account exists. Only a caller who knows the right password of a
 * deactivated account is told that it is deactivated.
 */
export async function login(
  deps: Pick<AuthDeps, 'users' | 'loginAttempts' | 'keyRing' | 'tokens' | 'clock'>,
  input: unknown,
  context: CommandContext,
): Promise<{ token: string; user: UserView }> {
  const { email, password } = parseInput(loginInput, input);
  const emailKey = emailKeyOf(email);
  const now = deps.clock();
  const denial = (reason: DenialReason) => [
    pendingEvent(
      userDeniedV1,
      { email: emailKey, reason, denied_at: now.toISOString() },
      context,
      now,
    ),
  ];

  const window = await deps.loginAttempts.failureWindow(emailKey);
  if (isLockedOut(window, now)) {
    await deps.loginAttempts.recordRefusal(denial('locked_out'));
    const seconds = secondsUntilUnlocked(window!, now);
    throw new AuthError(
      'locked_out',
      `too many failed sign-ins for this e-mail; try again in ${Math.ceil(seconds / 60)} minute(s)`,
      seconds,
    );
  }

  const user = await deps.users.findByEmail(emailKey);
  const passwordMatches = await verifyPassword(password, user?.password_hash ?? UNKNOWN_USER_HASH);
  if (!user || !passwordMatches) {
    await deps.loginAttempts.recordFailure(
      emailKey,
      now,
      LOCKOUT_POLICY.windowMs,
      denial('bad_credentials'),
    );
    throw new AuthError('bad_credentials', BAD_CREDENTIALS_MESSAGE);
  }
  if (!user.active) {
    await deps.loginAttempts.recordFailure(
      emailKey,
      now,
      LOCKOUT_POLICY.windowMs,
      denial('inactive'),
    );
    throw new AuthError('account_inactive', 'this account has been deactivated; ask an admin');
  }

  const token = await issueToken(user, await deps.keyRing.signingKey(), deps.tokens, now);
  await deps.loginAttempts.recordSuccess(emailKey, [
    pendingEvent(
      userAuthorizedV1,
      { id: user.id, role: user.role, authorized_at: now.toISOString() },
      context,
      now,
    ),
  ]);
  return { token, user: viewOf(user) };
}
