import type { Caller } from '#shared/auth/caller';
import { AuthError } from '../domain/errors';
import type { AuthDeps } from '../domain/ports';
import { issueToken } from '../domain/token';
import { viewOf, type UserView } from '../domain/user';

/**
 * A fresh access token for a still-valid one, with the user as Auth knows them now: the role
 * and revision are read again, so a promotion or demotion takes effect at the next refresh.
 * 1. read the user; 2. refuse if gone or deactivated, or if the sign-in it descends from is
 *    older than the session limit (refreshing cannot keep a stolen token alive for ever);
 * 3. sign a token that keeps the original `auth_time`.
 */
export async function refreshToken(
  deps: Pick<AuthDeps, 'users' | 'keyRing' | 'tokens' | 'clock'>,
  caller: Caller,
): Promise<{ token: string; user: UserView }> {
  const user = await deps.users.findById(caller.id);
  if (!user || !user.active)
    throw new AuthError('token_revoked', 'the token was refused; sign in again');
  const now = deps.clock();
  const sessionEndsAt = caller.authTime + deps.tokens.maxSessionSeconds;
  if (Math.floor(now.getTime() / 1000) >= sessionEndsAt)
    throw new AuthError('session_expired', 'the session is over; sign in again');
  const token = await issueToken(
    user,
    await deps.keyRing.signingKey(),
    deps.tokens,
    now,
    caller.authTime,
  );
  return { token, user: viewOf(user) };
}
