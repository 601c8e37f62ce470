import { randomUUID } from 'node:crypto';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import type { Actor, CommandContext } from '../domain/actor';
import { activeAdminDelta } from '../domain/admin-invariant';
import { callerMayAct } from '../domain/caller-guard';
import { AuthError } from '../domain/errors';
import { parseInput } from '../domain/parse-input';
import { hashPassword } from '../domain/password';
import type { AuthDeps } from '../domain/ports';
import { snapshotOf, viewOf, type UserView, type UserWithCredentials } from '../domain/user';
import { createUserInput } from '../domain/validation';

/**
 * Creates an employee account at revision 1 and publishes `user.created`.
 * 1. validate the input and hash the password;
 * 2. commit, in one unit of work: the caller is still an active admin (`caller_may_act`), the
 *    user, its e-mail guard (`email_is_free`, any case), the active-admin count if the new
 *    user is an admin, and the `user.created` outbox row.
 */
export async function createUser(
  deps: Pick<AuthDeps, 'users' | 'unitOfWork' | 'passwordCost' | 'clock'>,
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
    password_hash: await hashPassword(password, deps.passwordCost),
  };
  const changes = deps.unitOfWork.begin({ correlationId: context.correlationId, now });
  callerMayAct(changes, deps.users, actor);
  deps.users.created(changes, user);
  await deps.users.activeAdminsMoved(changes, activeAdminDelta(undefined, user));
  changes.publish(userCreatedV1, snapshotOf(user));
  try {
    await deps.unitOfWork.commit(changes);
  } catch (error) {
    // Name the e-mail: the admin script prints this message as it is.
    if (error instanceof AuthError && error.kind === 'duplicate_email')
      throw new AuthError('duplicate_email', `a user with e-mail ${email} already exists`);
    throw error;
  }
  return viewOf(user);
}
