import { randomBytes } from 'node:crypto';
import { afterAll, expect, inject, vi } from 'vitest';
import { SERVICES } from '../../functions/services';
import { tableNameOf } from '../../local/dynamodb/table-name';
import { HEAVY_WEIGHT, isHeavy, usesNoEngine } from './heavy';
import { currentTier } from './tiers';

/**
 * Runs before each test file is imported: the AWS SDK talks to this file's DynamoDB Local (the
 * least loaded engine of the run, leased for the file's duration), and its tables get a prefix
 * of their own so files never meet. A unit file gets the unit tier's stand-in instead, which
 * refuses with a message saying how to name the file (test/support/unit-setup.ts).
 */
const environment = { ...process.env };
const prefix = `t${randomBytes(4).toString('hex')}-`;
process.env.ATES_TABLE_PREFIX = prefix;
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';
process.env.EVENT_BUS_NAME = 'ates-test';
// A consumer run outside a cloud hands its failed messages back here: nothing listens, so the
// call fails at once (and is logged) instead of leaving the machine. A test cloud sets its own.
process.env.AWS_ENDPOINT_URL_SQS = 'http://127.0.0.1:9';
for (const service of SERVICES) process.env[service.table.envVar] = tableNameOf(prefix, service);

// A tier's files share their worker (vitest.config.ts) and its packages (CDK, the AWS SDK),
// but each file gets the project's own modules fresh: module state (a DynamoDB client on the
// last file's engine, a token verifier, a logger at some level, a tracer, a local cloud's
// pieces) never passes from one file to the next. The Lambda invoke store, a package's, is
// claimed multi-context before any file's first AWS SDK request, as the local cloud does when
// its code loads, so a file that overlaps invocations still can.
vi.resetModules();
await import('../../local/lambda/invoke-store');
// What a file put in the environment (a JWKS URL, an endpoint) goes with it.
afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
  Object.assign(process.env, environment);
});
const testPath = expect.getState().testPath ?? '';
if (currentTier() === 'unit') {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoTrap');
} else if (usesNoEngine(testPath)) {
  // A lease would start another JVM for nothing while the next file waits for it (the CDK CLI
  // test, first of the run, made the second file wait 10 s). A call made anyway is refused.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:9';
} else {
  const leases = inject('engineLeases');
  const weight = isHeavy(testPath) ? HEAVY_WEIGHT : 1;
  const leased = await fetch(`${leases}/lease?weight=${weight}`);
  const endpoint = await leased.text();
  if (!leased.ok) throw new Error(`no DynamoDB Local engine for this file: ${endpoint}`);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
  afterAll(async () => {
    await fetch(`${leases}/release?endpoint=${encodeURIComponent(endpoint)}&weight=${weight}`);
  });
}

/**
 * Password hashing at a test cost: scrypt at the production cost takes ~0.1 s of a core per
 * hash, and the suite signs in hundreds of times for things that are not about hashing. The
 * cost reaches the use cases through `AuthDeps.passwordCost`, which Auth's wiring sets to
 * PASSWORD_COST; `functions/auth/domain/password.test.ts` undoes this and checks the real cost.
 */
vi.mock(import('../../functions/auth/domain/password'), async (importOriginal) => ({
  ...(await importOriginal()),
  PASSWORD_COST: { N: 2 ** 10, r: 8, p: 1 },
}));
