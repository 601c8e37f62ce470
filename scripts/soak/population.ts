import { OPERATOR } from '../../functions/auth/domain/actor';
import { createUser } from '../../functions/auth/use-cases/create-user';
import { authDeps } from '../../functions/auth/wiring';
import { inParallel } from '#shared/in-parallel';
import { triedAgainAfterMoment } from '../../test/support/momentary';
import { expectStatus, type Api } from './http';

export const PASSWORD = 'a long enough soak password';

export interface Person {
  id: string;
  email: string;
  role: string;
  token: string;
}

export interface Population {
  admin: Person;
  accountant: Person;
  managers: Person[];
  workers: Person[];
  everyone: Person[];
}

/**
 * The company: the first admin made directly (as `npm run admin` does), everyone else hired by
 * that admin through Auth over HTTP, then everybody signs in.
 */
export async function hirePopulation(
  api: Api,
  sizes: { workers: number; managers: number },
  run: string,
): Promise<Population> {
  const adminEmail = `admin-${run}@soak.test`;
  const admin = await createUser(
    authDeps(),
    OPERATOR,
    { email: adminEmail, name: 'Soak admin', role: 'admin', password: PASSWORD },
    { correlationId: `soak-${run}` },
  );
  const signIn = (email: string) => signInAs(api, email);
  const adminToken = await signIn(adminEmail);
  const wanted = [
    { name: 'accountant', role: 'accountant' },
    ...Array.from({ length: sizes.managers }, (_, i) => ({ name: `manager${i}`, role: 'manager' })),
    ...Array.from({ length: sizes.workers }, (_, i) => ({ name: `worker${i}`, role: 'worker' })),
  ];
  const hired = await inParallel(wanted, 4, async ({ name, role }) => {
    const email = `${name}-${run}@soak.test`;
    const res = expectStatus(
      await api('/auth/users', {
        method: 'POST',
        token: adminToken,
        body: { email, name, role, password: PASSWORD },
      }),
      201,
      `hire ${email}`,
    );
    return { id: res.body.id as string, email, role, token: await signIn(email) };
  });
  const adminPerson = { id: admin.id, email: adminEmail, role: 'admin', token: adminToken };
  return {
    admin: adminPerson,
    accountant: hired[0]!,
    managers: hired.filter((p) => p.role === 'manager'),
    workers: hired.filter((p) => p.role === 'worker'),
    everyone: [adminPerson, ...hired],
  };
}

/** Tries of a sign-in answered "try again in a moment" (429 or 503 with a short retry-after). */
const SIGN_IN_TRIES = 5;

/**
 * Signs in as a client should: with every fault on, a sign-in can meet a throttled table (429)
 * or run out of time (503), both with `retry-after`, and is tried again after it.
 */
async function signInAs(api: Api, email: string): Promise<string> {
  const answer = await triedAgainAfterMoment(
    SIGN_IN_TRIES,
    () => api('/auth/login', { method: 'POST', body: { email, password: PASSWORD } }),
    (reply) => reply.retryAfter ?? 0,
  );
  return expectStatus(answer, 200, `login ${email}`).body.token as string;
}

/**
 * Everyone signs in again: access tokens live 10 minutes, and a long soak waits longer than
 * that for the cloud to go quiet.
 */
export async function signInAgain(api: Api, population: Population): Promise<void> {
  await inParallel(population.everyone, 4, async (person) => {
    person.token = await signInAs(api, person.email);
  });
}
