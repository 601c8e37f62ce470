import { expect } from 'vitest';
import { OPERATOR } from '../../functions/auth/domain/actor';
import { createUser } from '../../functions/auth/use-cases/create-user';
import { authDeps } from '../../functions/auth/wiring';
import type { apiClient } from './api';
import { triedAgainAfterMoment } from './momentary';

/**
 * The people of a system test: made as `npm run admin` makes the first admin, hired over HTTP as
 * the users page hires, signed in over HTTP. Each step fails the test where it happens, so a
 * refused hire or sign-in is not found later as a puzzling 401. Waiting for asynchronous work is
 * `pollUntil` (./poll.ts).
 */
type Api = ReturnType<typeof apiClient>;
export const TEST_PASSWORD = 'a long enough password';

export interface Profile {
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'accountant' | 'worker';
  password?: string;
}

/** Tries of a sign-in the cloud answered "try again in a moment" (429, 503 with retry-after). */
const SIGN_IN_TRIES = 3;

/**
 * Signs in over HTTP; the test fails here if it cannot. A 429 or 503 with `retry-after` is tried
 * again after the time it names, as a client should: on a starved test machine a sign-in can run
 * out of its function's time (503 `timed_out`), which says nothing about the code under test.
 */
export async function signIn(api: Api, email: string, password = TEST_PASSWORD) {
  const res = await triedAgainAfterMoment(
    SIGN_IN_TRIES,
    () => api('/auth/login', { method: 'POST', body: { email, password } }),
    (reply) => Number(reply.headers.get('retry-after')),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.token as string;
}

/** An employee written straight through Auth's use case, as `npm run admin` writes one. */
export const makeAsOperator = (profile: Profile, correlationId = 'system-test') =>
  createUser(
    authDeps(),
    OPERATOR,
    { ...profile, password: profile.password ?? TEST_PASSWORD },
    { correlationId },
  );

/** An employee made as `npm run admin` makes one, then signed in over HTTP. */
export async function makeSignedIn(api: Api, profile: Profile, correlationId?: string) {
  const user = await makeAsOperator(profile, correlationId);
  return { ...user, token: await signIn(api, profile.email, profile.password) };
}

/** Hired by an admin over HTTP, as the users page hires; the test fails here if refused. */
export async function hire(api: Api, adminToken: string, profile: Profile) {
  const res = await api('/auth/users', {
    method: 'POST',
    token: adminToken,
    body: { ...profile, password: profile.password ?? TEST_PASSWORD },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/**
 * An admin made directly (as `npm run admin` makes the first one) and a worker the admin hires
 * over HTTP, both signed in. `prefix` keeps their e-mails apart from other tests' people.
 */
export async function adminAndWorker(api: Api, prefix: string) {
  const adminEmail = `${prefix}-boss@uberpopug.test`;
  const { token: admin } = await makeSignedIn(
    api,
    { email: adminEmail, name: 'Boss', role: 'admin' },
    prefix,
  );
  const workerEmail = `${prefix}-kiwi@uberpopug.test`;
  const workerId = await hire(api, admin, { email: workerEmail, name: 'Kiwi', role: 'worker' });
  return { adminEmail, admin, workerId, worker: await signIn(api, workerEmail) };
}
