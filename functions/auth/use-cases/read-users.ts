import { AuthError } from '../domain/errors';
import type { AuthDeps } from '../domain/ports';
import { viewOf, type UserView } from '../domain/user';

export async function getUser(deps: Pick<AuthDeps, 'users'>, userId: string): Promise<UserView> {
  const user = await deps.users.findById(userId);
  if (!user) throw new AuthError('user_not_found', `no user has id ${userId}`);
  return viewOf(user);
}

/** One page of every account, deactivated ones included (admins need to see them), by e-mail. */
export async function listUsers(
  deps: Pick<AuthDeps, 'users'>,
  page: { limit: number; cursor?: string },
): Promise<{ users: UserView[]; next_cursor?: string }> {
  const { users, nextCursor } = await deps.users.list(page);
  return { users: users.map(viewOf), next_cursor: nextCursor };
}
