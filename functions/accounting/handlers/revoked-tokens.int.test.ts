import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { userDeletedV1 } from '#events/auth/user.deleted.v1';
import { userRoleChangedV1 } from '#events/auth/user.role_changed.v1';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { startTestIssuer, testUser, type TestUser } from '../../../test/support/tokens';
import { accountingService } from '../service';
import { busMessageOf, deliver } from '../test-support/harness';
import { handler as dashboard } from './dashboard';
import { handler as me } from './me';
import { handler as consumer } from './on-event';

/**
 * Issue 9, item 3: Accounting refuses a token once its accounts know the user was deactivated
 * or re-roled at the token's revision or later.
 */
const routes = accountingService.routes;
let issuer: Awaited<ReturnType<typeof startTestIssuer>>;

const snapshotOf = (user: TestUser, revision: number, changes: object = {}) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  active: true,
  revision,
  changed_at: new Date().toISOString(),
  ...changes,
});

beforeAll(async () => {
  await createTables([accountingService]);
  issuer = await startTestIssuer();
});
afterAll(() => issuer?.close());

describe('Accounting refuses a token its accounts have overtaken', () => {
  it('refuses a deactivated worker their own account (401 token_revoked)', async () => {
    const worker = testUser('worker');
    const token = await issuer.tokenFor(worker);
    expect(await deliver(consumer, busMessageOf(userCreatedV1, snapshotOf(worker, 1)))).toEqual([]);
    expect((await callRoute(me, routes.me, { token })).status).toBe(200);

    const deactivated = snapshotOf(worker, 2, { active: false });
    expect(await deliver(consumer, busMessageOf(userDeletedV1, deactivated))).toEqual([]);
    const refused = await callRoute(me, routes.me, { token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('token_revoked');
  });

  it("refuses a demoted accountant the company's figures", async () => {
    const accountant = testUser('accountant');
    const token = await issuer.tokenFor(accountant);
    expect(await deliver(consumer, busMessageOf(userCreatedV1, snapshotOf(accountant, 1)))).toEqual(
      [],
    );
    expect((await callRoute(dashboard, routes.dashboard, { token })).status).toBe(200);

    const demoted = {
      ...snapshotOf(accountant, 2, { role: 'worker' as const }),
      previous_role: 'accountant' as const,
    };
    expect(await deliver(consumer, busMessageOf(userRoleChangedV1, demoted))).toEqual([]);
    const refused = await callRoute(dashboard, routes.dashboard, { token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('token_revoked');
  });

  it('honours a token whose user it has only seen in task events (no snapshot yet)', async () => {
    const stranger = testUser('worker');
    const token = await issuer.tokenFor(stranger);
    expect((await callRoute(me, routes.me, { token })).status).toBe(200);
  });
});
