import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authService } from '../functions/auth/service';
import { taskerService } from '../functions/tasker/service';
import type { LocalCloud } from '../local/cloud/local-cloud';
import { apiClient } from './support/api';
import { startTestCloud } from './support/cloud';
import { hire, makeSignedIn, signIn, TEST_PASSWORD, type Profile } from './support/people';

/**
 * A working day through the HTTP API only, as the employees would live it: the admin hires,
 * people sign in, tasks are created, assigned, completed; a deactivation and a promotion in Auth
 * reach Tasker through the outbox, the bus and Tasker's queue, and change who gets tasks.
 * The only step not over HTTP is the first admin, made as `npm run admin` makes it.
 */
let cloud: LocalCloud;
const api = apiClient(() => cloud.urls.gateway);

beforeAll(async () => {
  cloud = await startTestCloud([authService, taskerService]);
}, 120_000);
afterAll(() => cloud?.stop());

const popug = (name: string, role: Profile['role']) => ({
  email: `${name}@uberpopug.test`,
  name,
  role,
});

describe('a day at UberPopug, over HTTP', () => {
  it('hires, assigns, completes, and follows deactivations and role changes', async () => {
    const { token: admin } = await makeSignedIn(api, popug('boss', 'admin'), 'journey');
    await hire(api, admin, popug('macaw', 'manager'));
    const kiwiId = await hire(api, admin, popug('kiwi', 'worker'));
    const keaId = await hire(api, admin, popug('kea', 'worker'));
    const duplicate = await api('/auth/users', {
      method: 'POST',
      token: admin,
      body: {
        email: 'KIWI@uberpopug.test',
        name: 'Kiwi again',
        role: 'worker',
        password: TEST_PASSWORD,
      },
    });
    expect(duplicate.status).toBe(409);

    const [manager, kiwi, kea] = await Promise.all(
      ['macaw', 'kiwi', 'kea'].map((name) => signIn(api, `${name}@uberpopug.test`)),
    );
    await cloud.settled(30_000); // Tasker's replica has heard of everyone hired

    // Anyone may create a task; it goes to one of the two workers, never to the manager.
    const created = await api('/tasks', {
      method: 'POST',
      token: manager,
      body: { title: 'Polish the perch', jira_id: 'UBERPOP-7', description: 'shiny' },
    });
    expect(created.status).toBe(201);
    const task = created.body;
    expect([kiwiId, keaId]).toContain(task.assignee_id);
    const [assignee, other] = task.assignee_id === kiwiId ? [kiwi, kea] : [kea, kiwi];

    const mine = await api('/tasks', { token: assignee });
    expect(mine.body.tasks.map((t: { id: string }) => t.id)).toContain(task.id);
    const theirs = await api('/tasks', { token: other });
    expect(theirs.body.tasks.map((t: { id: string }) => t.id)).not.toContain(task.id);

    const bracketed = await api('/tasks', {
      method: 'POST',
      token: kiwi,
      body: { title: '[UBERPOP-8] Sweep the cage' },
    });
    expect(bracketed.status).toBe(422);

    expect((await api(`/tasks/${task.id}/complete`, { method: 'POST', token: other })).status).toBe(
      403,
    );
    const done = await api(`/tasks/${task.id}/complete`, { method: 'POST', token: assignee });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed' });
    expect(
      (await api(`/tasks/${task.id}/complete`, { method: 'POST', token: assignee })).status,
    ).toBe(409);

    // Kea leaves: from now on every new task goes to Kiwi.
    expect((await api(`/auth/users/${keaId}`, { method: 'DELETE', token: admin })).status).toBe(
      200,
    );
    expect(
      (
        await api('/auth/login', {
          method: 'POST',
          body: { email: 'kea@uberpopug.test', password: TEST_PASSWORD },
        })
      ).status,
    ).toBe(401);
    await cloud.settled(30_000);
    for (let i = 0; i < 5; i++) {
      const next = await api('/tasks', {
        method: 'POST',
        token: kiwi,
        body: { title: `Chore ${i}` },
      });
      expect(next.body.assignee_id).toBe(kiwiId);
    }

    // Kiwi is promoted to manager: nobody is left to assign to.
    const promoted = await api(`/auth/users/${kiwiId}`, {
      method: 'PATCH',
      token: admin,
      body: { role: 'manager' },
    });
    expect(promoted.status).toBe(200);
    await cloud.settled(30_000);
    const nobody = await api('/tasks', {
      method: 'POST',
      token: manager,
      body: { title: 'Orphan' },
    });
    expect(nobody.status).toBe(409);

    expect(cloud.deadLetters.list()).toEqual([]);
  });
});
