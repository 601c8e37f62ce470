import { randomUUID } from 'node:crypto';
import type { Role } from '#events';
import { callRoute } from '../../../test/support/http-event';
import { createUser } from '../use-cases/create-user';
import { OPERATOR } from '../domain/actor';
import type { UserView } from '../domain/user';
import { handler as loginHandler } from '../handlers/login';
import { authService } from '../service';
import { authDeps } from '../wiring';

export const FIXTURE_PASSWORD = 'correct horse battery';

/** A user created through the real use case, with a unique e-mail and a known password. */
export async function givenUser(role: Role, overrides: { name?: string; email?: string } = {}) {
  const user: UserView = await createUser(
    authDeps(),
    OPERATOR,
    {
      email: overrides.email ?? `${role}-${randomUUID().slice(0, 8)}@uberpopug.test`,
      name: overrides.name ?? `Popug ${role}`,
      role,
      password: FIXTURE_PASSWORD,
    },
    { correlationId: 'fixture' },
  );
  return user;
}

/** Signs in through the login handler and returns the token. */
export async function tokenOf(user: { email: string }, password = FIXTURE_PASSWORD) {
  const response = await callRoute(loginHandler, authService.routes.login, {
    body: { email: user.email, password },
  });
  if (response.status !== 200)
    throw new Error(`fixture sign-in failed: ${JSON.stringify(response.body)}`);
  return response.body.token as string;
}

/** A signed-in user of the given role: account plus token. */
export async function signedIn(role: Role) {
  const user = await givenUser(role);
  return { user, token: await tokenOf(user) };
}

/** One signed-in user per role, created in parallel (the KDF dominates, and runs off-thread). */
export async function signedInAsEach<const R extends readonly Role[]>(roles: R) {
  const sessions = await Promise.all(roles.map((role) => signedIn(role)));
  return Object.fromEntries(roles.map((role, i) => [role, sessions[i]!])) as Record<
    R[number],
    Awaited<ReturnType<typeof signedIn>>
  >;
}
