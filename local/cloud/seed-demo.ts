import { AuthError } from '../../functions/auth/domain/errors';
import { createUser } from '../../functions/auth/use-cases/create-user';
import { OPERATOR } from '../../functions/auth/domain/actor';
import { authDeps } from '../../functions/auth/wiring';
import { DEMO_COMPANY, type DemoLogin } from './demo-company';

export { DEMO_COMPANY, type DemoLogin } from './demo-company';

/**
 * Creates the demo company through the same use case as POST /auth/users, so every account
 * gets its `user.created` event and the other domains learn about it as they would in AWS.
 * Runs on every start but creates each account once: an e-mail that exists is skipped.
 * Needs AUTH_TABLE and the DynamoDB endpoint in the environment (the local cloud sets both).
 */
export async function seedDemoCompany(
  context: { log?: (line: string) => void } = {},
): Promise<DemoLogin[]> {
  const log = context.log ?? ((line: string) => console.log(line));
  // In parallel: the password KDF dominates, and runs on libuv's thread pool.
  const outcomes = await Promise.allSettled(
    DEMO_COMPANY.map((login) =>
      createUser(authDeps(), OPERATOR, login, { correlationId: 'seed-demo-company' }),
    ),
  );
  const failure = outcomes.find(
    (outcome) =>
      outcome.status === 'rejected' &&
      !(outcome.reason instanceof AuthError && outcome.reason.kind === 'duplicate_email'),
  );
  if (failure) throw (failure as PromiseRejectedResult).reason;
  const created = outcomes.filter((outcome) => outcome.status === 'fulfilled');
  log(demoLoginsTable(created.length));
  return DEMO_COMPANY.map((login) => ({ ...login }));
}

function demoLoginsTable(createdCount: number): string {
  const width = Math.max(...DEMO_COMPANY.map((login) => login.email.length));
  return [
    '',
    createdCount > 0
      ? `  Demo company seeded (${createdCount} new account(s)). Sign in with:`
      : '  Demo company already seeded. Sign in with:',
    ...DEMO_COMPANY.map(
      (login) => `    ${login.role.padEnd(10)}  ${login.email.padEnd(width)}  ${login.password}`,
    ),
    '',
  ].join('\n');
}
