import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Faults } from '../../../local/faults/faults';
import { installRequestFault } from '../../../local/iam/enforcement';
import { dynamoThrottleFault } from '../../../local/faults/throttling';
import { callRoute } from '../../../test/support/http-event';
import { testIam } from '../../../test/support/iam';
import { createTables } from '../../../test/support/tables';
import { authService } from '../service';
import { FIXTURE_PASSWORD, givenUser } from '../test-support/fixtures';
import { handler } from './login';

const route = authService.routes.login;
/** Every DynamoDB request of the function throttled, as a table far over its capacity. */
const faults = new Faults({ dynamoThrottle: 1, seed: 5 });
let removeFault: () => void;

beforeAll(async () => {
  await createTables();
  testIam();
});
afterAll(() => removeFault?.());

describe('POST /auth/login on a throttled table', () => {
  it('answers 429 too_many_requests with Retry-After before its deadline, not a 5xx', async () => {
    const user = await givenUser('worker');
    removeFault = installRequestFault(dynamoThrottleFault(faults));

    // A short timeout keeps the test quick; the rule is the same at the declared 10 s.
    const response = await callRoute(handler, route, {
      body: { email: user.email, password: FIXTURE_PASSWORD },
      timeoutSeconds: 3,
    });

    expect(response.status, JSON.stringify(response.body)).toBe(429);
    expect(response.body.error.code).toBe('too_many_requests');
    expect(response.headers['retry-after']).toBe('1');
    // The SDK retried within the budget before giving up: more than one request was throttled.
    expect(faults.stats.dynamoWritesThrottled).toBeGreaterThan(1);
  });
});
