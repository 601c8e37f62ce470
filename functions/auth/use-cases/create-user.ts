import { randomUUID } from 'node:crypto';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import type { Actor } from '../domain/actor';
import { activeAdminDelta } from '../domain/admin-invariant';
import { AuthError } from '../domain/errors';
import { pendingEvent, type CommandContext } from '../domain/events';
import { hashPassword } from '../domain/password';
import type { AuthDeps } from '../domain/ports';
import { snapshotOf, viewOf, type UserView, type UserWithCredentials } from '../domain/user';
import { createUserInput } from '../domain/validation';
import { callerMayAct } from './caller-guard';
import { parseInput } from './parse-input';

/**
 * Creates an employee account at revision 1 and publishes `user.created`.
 * 1. validate the input and hash the password;
 * 2. commit, in one transaction: the caller is still an active admin (`caller_may_act`), the
 *    user, its e-mail guard (`email_is_free`, any case), the active-admin count if the new
 *    user is an admin, and the `user.created` outbox row.
 */
export async function createUser(
  deps: Pick<AuthDeps, 'users' | 'outbox' | 'commit' | 'clock'>,
  actor: Actor,
  input: unknown,
  context: CommandContext,
): Promise<UserView> {
  const { email, name, role, password } = parseInput(createUserInput, input);
  const now = deps.clock();
  const user: UserWithCredentials = {
    id: randomUUID(),
    email,
    name,
    role,
    active: true,
    revision: 1,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    password_hash: await hashPassword(password),
  };
  try {
    await deps.commit([
      ...callerMayAct(deps, actor),
      ...deps.users.insertItems(user),
      ...(await deps.users.activeAdminCountItems(activeAdminDelta(undefined, user))),
      ...deps.outbox([pendingEvent(userCreatedV1, snapshotOf(user), context, now)]),
    ]);
  } catch (error) {
    // Name the e-mail: the admin script prints this message as it is.
    if (error instanceof AuthError && error.kind === 'duplicate_email')
      throw new AuthError('duplicate_email', `a user with e-mail ${email} already exists`);
    throw error;
  }
  return viewOf(user);
}
