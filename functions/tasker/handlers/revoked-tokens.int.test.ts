import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userRoleChangedV1 } from '#events/auth/user.role_changed.v1';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { startTestIssuer, testUser } from '../../../test/support/tokens';
import { taskerService } from '../service';
import { testDeps } from '../test-support/deps';
import { busMessageOf, sqsEventOf, userSnapshot } from '../test-support/events';
import { announceDeactivation, announceUsers } from '../test-support/users';
import { handler as createTask } from './create-task';
import { handler as listTasks } from './list-tasks';
import { makeTaskerConsumer } from './on-event';
import { handler as shuffle } from './shuffle';

/**
 * Issue 9, item 3: power Auth has taken away stops working in Tasker as soon as the change has
 * reached Tasker's replica, not when the token expires.
 */
const routes = taskerService.routes;
const deps = testDeps();
const consumer = makeTaskerConsumer(deps);
let issuer: Awaited<ReturnType<typeof startTestIssuer>>;

beforeAll(async () => {
  await createTables([taskerService]);
  issuer = await startTestIssuer();
});
afterAll(() => issuer?.close());

describe('Tasker refuses a token its user replica has overtaken', () => {
  it('refuses a deactivated worker who still holds a valid token (401 token_revoked)', async () => {
    const worker = testUser('worker');
    const token = await issuer.tokenFor(worker);
    await announceUsers(consumer, worker);
    const body = { title: 'Still here?', description: 'after the deactivation' };
    expect((await callRoute(createTask, routes.createTask, { token, body })).status).toBe(201);

    await announceDeactivation(consumer, worker, 2);
    const refused = await callRoute(createTask, routes.createTask, { token, body });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('token_revoked');
    expect((await callRoute(listTasks, routes.listTasks, { token })).status).toBe(401);
  });

  it('refuses a reshuffle from a manager demoted to worker', async () => {
    const manager = testUser('manager');
    const token = await issuer.tokenFor(manager);
    await announceUsers(consumer, manager);
    const demoted = await consumer(
      sqsEventOf(
        busMessageOf(userRoleChangedV1, {
          ...userSnapshot({ id: manager.id, role: 'worker', revision: 2 }),
          previous_role: 'manager',
        }),
      ),
    );
    expect(demoted.batchItemFailures).toEqual([]);
    const pressed = await callRoute(shuffle, routes.shuffle, { token });
    expect(pressed.status).toBe(401);
    expect(pressed.body.error.code).toBe('token_revoked');
  });

  it('honours a token newer than the replica, and one whose user it has not heard of yet', async () => {
    const worker = testUser('worker', { revision: 3 });
    await announceUsers(consumer, worker); // the replica is at revision 1
    const newer = await issuer.tokenFor(worker);
    expect((await callRoute(listTasks, routes.listTasks, { token: newer })).status).toBe(200);
    const stranger = await issuer.tokenFor(testUser('worker'));
    expect((await callRoute(listTasks, routes.listTasks, { token: stranger })).status).toBe(200);
  });
});
