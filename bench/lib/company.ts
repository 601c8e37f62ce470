import { authService } from '../../functions/auth/service';
import type { LocalCloud } from '../../local/cloud/local-cloud';
import { DEMO_COMPANY, type DemoLogin } from '../../local/cloud/demo-company';
import type { Call } from './cloud';
import { benchHires, takersOf } from './hires';
import { progress, runPool } from './measure';

/**
 * Requests at once, never more than the function's reserved concurrency (`authService.sizing`):
 * on AWS a synchronous request beyond it fails with a throttling error, so a user hiring or
 * signing in faster would be refused. Sign-ins are also capped at 4, libuv's thread pool,
 * where this process runs every scrypt: more at once only queue there.
 */
const HIRING_CLIENTS = authService.sizing.createUser.reservedConcurrency;
const SIGN_IN_CLIENTS = Math.min(4, authService.sizing.login.reservedConcurrency);

export interface Company {
  /** Everyone signed in: user id → token (the lifecycle creates and completes with them). */
  people: Map<string, string>;
  /** People in the company: the demo company and the hires. */
  size: number;
  /** Of them, the people Tasker assigns tasks to. */
  takers: number;
  hired: number;
  /** Hiring until every domain had heard of the hires, and signing everyone in: no phase's. */
  hireSeconds: number;
  signInSeconds: number;
}

/**
 * The company a lifecycle runs at: the demo company and `workers` more, hired as a user would
 * (the admin's `POST /auth/users`), heard of by every domain (`cloud.settled()`: Tasker can
 * assign them, Accounting has their accounts), then everyone signed in so each can complete
 * what is assigned to them. All of it before the block starts its meters and clocks.
 */
export async function companyOf(options: {
  cloud: LocalCloud;
  call: Call;
  adminToken: string;
  workers: number;
}): Promise<Company> {
  const { cloud, call, adminToken, workers } = options;
  const hires = benchHires(workers);
  const hireStarted = performance.now();
  if (hires.length > 0) {
    progress(
      `company: hiring ${hires.length} workers as the admin (POST /auth/users, ${HIRING_CLIENTS} at a time)`,
    );
    let hired = 0;
    const hiring = await whileSaying(
      () => `company: ${hired} of ${hires.length} hired after ${secondsSince(hireStarted)} s`,
      () =>
        runPool(hires.length, HIRING_CLIENTS, async (i) => {
          const res = await call('POST', '/auth/users', adminToken, hires[i]);
          if (res.status !== 201)
            throw new Error(`hiring ${hires[i]!.email}: ${res.status} ${JSON.stringify(res.body)}`);
          hired++;
          return true;
        }),
    );
    if (hiring.failed > 0) throw new Error(`${hiring.failed} workers were not hired`);
    await cloud.settled(10 * 60_000);
  }
  const hireSeconds = (performance.now() - hireStarted) / 1000;
  const everyone = [...DEMO_COMPANY, ...hires];
  if (hires.length > 0)
    progress(
      `company: ${hires.length} hired and heard of by every domain in ${hireSeconds.toFixed(1)} s; signing in ${everyone.length} people, ${SIGN_IN_CLIENTS} at a time`,
    );
  const signInStarted = performance.now();
  const people = new Map<string, string>();
  await whileSaying(
    () =>
      `company: ${people.size} of ${everyone.length} signed in after ${secondsSince(signInStarted)} s`,
    () => signIn(call, everyone, people),
  );
  const signInSeconds = (performance.now() - signInStarted) / 1000;
  progress(
    `company: ${people.size} people signed in in ${signInSeconds.toFixed(1)} s, ${SIGN_IN_CLIENTS} at a time (scrypt, slow on purpose: ${(signInSeconds / people.size).toFixed(2)} s of wall clock per person)`,
  );
  return {
    people,
    size: everyone.length,
    takers: takersOf(everyone),
    hired: hires.length,
    hireSeconds,
    signInSeconds,
  };
}

/** Signs each login in (`POST /auth/login`) into `people`: user id → token. */
async function signIn(call: Call, logins: readonly DemoLogin[], people: Map<string, string>) {
  const pool = await runPool(logins.length, SIGN_IN_CLIENTS, async (i) => {
    const { email, password } = logins[i]!;
    const res = await call('POST', '/auth/login', undefined, { email, password });
    if (res.status !== 200) throw new Error(`sign-in ${email}: ${JSON.stringify(res.body)}`);
    people.set((res.body.user as { id: string }).id, res.body.token as string);
    return true;
  });
  if (pool.failed > 0) throw new Error(`${pool.failed} people could not sign in`);
}

/** How often a long step says how far it got, as the lifecycle's phases do. */
const PROGRESS_EVERY_MS = 5_000;

async function whileSaying<T>(line: () => string, work: () => Promise<T>): Promise<T> {
  const ticker = setInterval(() => progress(line()), PROGRESS_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(ticker);
  }
}

const secondsSince = (started: number) => ((performance.now() - started) / 1000).toFixed(0);

/** The company in one printed line, for a block's output. */
export const companyLine = (company: Company) =>
  `company: ${company.size} people, ${company.takers} who take tasks (the demo company's ${DEMO_COMPANY.length}` +
  (company.hired > 0
    ? ` and ${company.hired} workers hired; hiring took ${company.hireSeconds.toFixed(1)} s, signing everyone in ${company.signInSeconds.toFixed(1)} s, outside every clock)`
    : ' alone: every fee and reward on a handful of accounts, the hot-account case)');
