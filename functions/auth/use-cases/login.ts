import { userAuthorizedV1 } from '#events/auth/user.authorized.v1';
import { userDeniedV1 } from '#events/auth/user.denied.v1';
import type { Changes } from '#shared/unit-of-work/changes';
import { AuthError, BAD_CREDENTIALS_MESSAGE } from '../domain/errors';
import type { CommandContext } from '../domain/actor';
import { LOCKOUT_POLICY, secondsUntilUnlocked } from '../domain/lockout';
import { parseInput } from '../domain/parse-input';
import { unknownUserHash, verifyPassword } from '../domain/password';
import type { AuthDeps } from '../domain/ports';
import { issueToken } from '../domain/token';
import { emailKeyOf, viewOf, type UserView } from '../domain/user';
import { loginInput } from '../domain/validation';

type DenialReason = 'bad_credentials' | 'inactive' | 'locked_out';

/**
 * Signs an employee in. Every refusal publishes one `user.denied`; a success publishes
 * `user.authorized`.
 * 1. reserve an attempt for the e-mail, atomically, before anything else: once the window's
 *    attempts are spent, refuse (429) without looking at the password, so however many guesses
 *    arrive at once, at most `LOCKOUT_POLICY.maxAttempts` passwords are checked per window;
 * 2. check the password: an unknown e-mail is hashed against a dummy hash and counted like a
 *    wrong password, so neither the answer, its timing nor the lockout reveals whether an
 *    account exists; only a caller with the right password learns that an account is inactive;
 * 3. on success, issue a token, hand the reservation back and publish `user.authorized`.
 */
export async function login(
  deps: Pick<
    AuthDeps,
    'users' | 'loginAttempts' | 'keyRing' | 'tokens' | 'unitOfWork' | 'passwordCost' | 'clock'
  >,
  input: unknown,
  context: CommandContext,
): Promise<{ token: string; user: UserView }> {
  const { email, password } = parseInput(loginInput, input);
  const emailKey = emailKeyOf(email);
  const now = deps.clock();
  const publish = async (record: (changes: Changes) => void) => {
    const changes = deps.unitOfWork.begin({ correlationId: context.correlationId, now });
    record(changes);
    await deps.unitOfWork.commit(changes);
  };
  const deny = (reason: DenialReason) =>
    publish((changes) =>
      changes.publish(userDeniedV1, { email: emailKey, reason, denied_at: now.toISOString() }),
    );

  const reservation = await deps.loginAttempts.reserve(emailKey, now, LOCKOUT_POLICY);
  if (!reservation.reserved) {
    await deny('locked_out');
    const seconds = secondsUntilUnlocked(reservation.window, now);
    throw new AuthError(
      'locked_out',
      `too many failed sign-ins for this e-mail; try again in ${Math.ceil(seconds / 60)} minute(s)`,
      seconds,
    );
  }

  const user = await deps.users.findByEmail(emailKey);
  const passwordMatches = await verifyPassword(
    password,
    user?.password_hash ?? unknownUserHash(deps.passwordCost),
  );
  if (!user || !passwordMatches) {
    await deny('bad_credentials');
    throw new AuthError('bad_credentials', BAD_CREDENTIALS_MESSAGE);
  }
  if (!user.active) {
    await deny('inactive');
    throw new AuthError('account_inactive', 'this account has been deactivated; ask an admin');
  }

  const token = await issueToken(user, await deps.keyRing.signingKey(), deps.tokens, now);
  await deps.loginAttempts.release(emailKey, reservation.window);
  await publish((changes) =>
    changes.publish(userAuthorizedV1, {
      id: user.id,
      role: user.role,
      authorized_at: now.toISOString(),
    }),
  );
  return { token, user: viewOf(user) };
}
