import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userDeletedV1 } from '#events/auth/user.deleted.v1';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { startTestIssuer, testUser, type TestUser } from '../../../test/support/tokens';
import { analyticsService } from '../service';
import { busMessageOf, published, sqsEventOf } from '../test-support/events';
import { handler as dashboard } from './dashboard';
import { handler as mostExpensive } from './most-expensive';
import { handler as consumer } from './on-event';

/**
 * Power Auth has taken away stops working in Analytics as soon as the user event has reached
 * Analytics' caller replica, not when the token expires (issue 23: Analytics had no check).
 */
const routes = analyticsService.routes;
let issuer: Awaited<ReturnType<typeof startTestIssuer>>;

beforeAll(async () => {
  await createTables([analyticsService]);
  issuer = await startTestIssuer();
});
afterAll(() => issuer?.close());

const snapshot = (user: TestUser, revision: number, active: boolean) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  active,
  revision,
  changed_at: new Date().toISOString(),
});

async function announce(...events: ReturnType<typeof published>[]) {
  const result = await consumer(sqsEventOf(events.map(busMessageOf)));
  expect(result.batchItemFailures).toEqual([]);
}

describe('Analytics refuses a token its caller replica has overtaken', () => {
  it("refuses a deactivated admin's token once user.deleted has arrived (401 token_revoked)", async () => {
    const admin = testUser('admin');
    const token = await issuer.tokenFor(admin);
    await announce(published(userCreatedV1, snapshot(admin, 1, true), new Date()));
    expect((await callRoute(dashboard, routes.dashboard, { token })).status).toBe(200);

    await announce(published(userDeletedV1, snapshot(admin, 2, false), new Date()));
    const refused = await callRoute(dashboard, routes.dashboard, { token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('token_revoked');
    expect((await callRoute(mostExpensive, routes.mostExpensive, { token })).status).toBe(401);
  });

  it('keeps the newest state whatever order the events arrive in, and twice', async () => {
    const admin = testUser('admin');
    const token = await issuer.tokenFor(admin);
    const deleted = published(userDeletedV1, snapshot(admin, 2, false), new Date());
    await announce(deleted, published(userCreatedV1, snapshot(admin, 1, true), new Date()));
    await announce(deleted);
    expect((await callRoute(dashboard, routes.dashboard, { token })).status).toBe(401);
  });

  it('honours a token whose user it has not heard of yet', async () => {
    const token = await issuer.tokenFor(testUser('admin'));
    expect((await callRoute(dashboard, routes.dashboard, { token })).status).toBe(200);
  });

  it('refuses an unknown query parameter with 400 validation_failed naming it', async () => {
    const token = await issuer.tokenFor(testUser('admin'));
    const refused = await callRoute(dashboard, routes.dashboard, {
      token,
      query: { date: '2026-03-01', dat: 'typo' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
    expect(refused.body.error.message).toContain('dat');
  });
});
