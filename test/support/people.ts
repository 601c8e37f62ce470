import { expect } from 'vitest';
import { OPERATOR } from '../../functions/auth/domain/actor';
import { createUser } from '../../functions/auth/use-cases/create-user';
import { authDeps } from '../../functions/auth/wiring';
import type { apiClient } from './api';

type Api = ReturnType<typeof apiClient>;
export const TEST_PASSWORD = 'a long enough password';

/** Signs in over HTTP; the test fails here if it cannot. */
export async function signIn(api: Api, email: string, password = TEST_PASSWORD) {
  const res = await api('/auth/login', { method: 'POST', body: { email, password } });
  expect(res.status).toBe(200);
  return res.body.token as string;
}

/**
 * An admin made directly (as `npm run admin` makes the first one) and a worker the admin hires
 * over HTTP, both signed in. `prefix` keeps their e-mails apart from other tests' people.
 */
export async function adminAndWorker(api: Api, prefix: string) {
  const adminEmail = `${prefix}-boss@uberpopug.test`;
  await createUser(
    authDeps(),
    OPERATOR,
    { email: adminEmail, name: 'Boss', role: 'admin', password: TEST_PASSWORD },
    { correlationId: prefix },
  );
  const admin = await signIn(api, adminEmail);
  const workerEmail = `${prefix}-kiwi@uberpopug.test`;
  const hired = await api('/auth/users', {
    method: 'POST',
    token: admin,
    body: { email: workerEmail, name: 'Kiwi', role: 'worker', password: TEST_PASSWORD },
  });
  expect(hired.status).toBe(201);
  return {
    adminEmail,
    admin,
    workerId: hired.body.id as string,
    worker: await signIn(api, workerEmail),
  };
}
