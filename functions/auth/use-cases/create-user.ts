import { randomUUID } from 'node:crypto';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { pendingEvent, type CommandContext } from '../domain/events';
import { hashPassword } from '../domain/password';
import type { AuthDeps } from '../domain/ports';
import { snapshotOf, viewOf, type UserView, type UserWithCredentials } from '../domain/user';
import { createUserInput } from '../domain/validation';
import { parseInput } from './parse-input';

/**
 * Creates an employee account at revision 1 and publishes `user.created`. The e-mail's
 * uniqueness is enforced by the store in the same transaction (a duplicate fails it).
 */
export async function createUser(
  deps: Pick<AuthDeps, 'users' | 'clock'>,
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
  await deps.users.insert(user, [pendingEvent(userCreatedV1, snapshotOf(user), context, now)]);
  return viewOf(user);
}
