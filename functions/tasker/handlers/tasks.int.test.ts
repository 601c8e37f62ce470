import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { startTestIssuer, testUser, type TestUser } from '../../../test/support/tokens';
import type { UserReplicaStore } from '../domain/ports';
import { seededRandomInt } from '#shared/random';
import { taskerService } from '../service';
import { testDeps } from '../test-support/deps';
import { busMessageOf, sqsEventOf } from '../test-support/events';
import { allOutboxEvents, countRecords } from '../test-support/outbox';
import { openTask, seedTasks } from '../test-support/seed';
import { announceDeactivation, poolOfExactly } from '../test-support/users';
import { handler as completeTask } from './complete-task';
import { createTask as createTaskUseCase } from '../use-cases/create-task';
import { handler as createTask } from './create-task';
import { handler as getTask } from './get-task';
import { handler as listTasks } from './list-tasks';
import { makeTaskerConsumer } from './on-event';
import { handler as shuffle } from './shuffle';

/**
 * Every test sets the assignable pool it needs first (`pool(...)`) and counts only what it
 * wrote itself, so each passes alone and in any order.
 */
const routes = taskerService.routes;
const deps = testDeps({ random: seededRandomInt(42) });
const consumer = makeTaskerConsumer(deps);
const pool = (...users: TestUser[]) => poolOfExactly(consumer, deps(), ...users);

const worker = testUser('worker');
const otherWorker = testUser('worker');
const manager = testUser('manager');
const admin = testUser('admin');
let issuer: Awaited<ReturnType<typeof startTestIssuer>>;
const tokens = new Map<TestUser, string>();
const as = (user: TestUser) => tokens.get(user)!;

/** Nothing written and no event: the counts of tasks and outbox rows stay as they were. */
async function expectNothingWritten(request: () => Promise<unknown>) {
  const before = [await countRecords('task'), await countRecords('outbox')];
  await request();
  expect([await countRecords('task'), await countRecords('outbox')]).toEqual(before);
}

const create = (user: TestUser, body: unknown) =>
  callRoute(createTask, routes.createTask, { token: as(user), body });
const complete = (user: TestUser, id: string) =>
  callRoute(completeTask, routes.completeTask, { token: as(user), params: { id } });
const get = (user: TestUser, id: string) =>
  callRoute(getTask, routes.getTask, { token: as(user), params: { id } });

beforeAll(async () => {
  await createTables([taskerService]);
  issuer = await startTestIssuer();
  for (const user of [worker, otherWorker, manager, admin])
    tokens.set(user, await issuer.tokenFor(user));
});
afterAll(() => issuer.close());

describe('with nobody assignable', () => {
  it('refuses to create a task (409) or to reshuffle, and writes nothing', async () => {
    await pool();
    await expectNothingWritten(async () => {
      const created = await create(worker, { title: 'Fix beak', description: '' });
      expect(created.status).toBe(409);
      expect(created.body.error.code).toBe('no_assignable_employee');
      expect(created.body.error.message).toMatch(/no active employee/);
    });
    const jobsBefore = await countRecords('shuffle_job');
    const pressed = await callRoute(shuffle, routes.shuffle, { token: as(manager) });
    expect(pressed.status).toBe(409);
    expect(await countRecords('shuffle_job')).toBe(jobsBefore);
  });
});

describe('tasks', () => {
  it('creates a task assigned at once, with task.created v2 and task.assigned in the outbox', async () => {
    await pool(worker);
    const before = (await allOutboxEvents()).length;
    const created = await create(manager, {
      title: 'Fix beak',
      jira_id: 'UBERPOP-42',
      description: 'The beak squeaks.',
    });
    expect(created.status).toBe(201);
    const task = created.body;
    // The only assignable employee: managers and admins never get tasks.
    expect(task).toMatchObject({
      title: 'Fix beak',
      jira_id: 'UBERPOP-42',
      description: 'The beak squeaks.',
      status: 'open',
      assignee_id: worker.id,
      assignment_seq: 1,
      completed_at: null,
      fee_cents: null,
      reward_cents: null,
    });
    const events = (await allOutboxEvents()).filter((e) => e.envelope.data.id === task.id);
    expect((await allOutboxEvents()).length).toBe(before + 2);
    const createdEvent = events.find((e) => e.detailType === 'task.created')!;
    expect(createdEvent.envelope.metadata.event_version).toBe(2);
    expect(createdEvent.envelope.data).toMatchObject({
      id: task.id,
      title: 'Fix beak',
      jira_id: 'UBERPOP-42',
      assignee_id: worker.id,
      status: 'open',
    });
    const assigned = events.find((e) => e.detailType === 'task.assigned')!;
    expect(assigned.envelope.data).toMatchObject({
      id: task.id,
      user_id: worker.id,
      assignment_seq: 1,
    });
    expect(assigned.envelope.data.assignment_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['a jira id in brackets', { title: '[UBERPOP-42] Fix beak' }, 422, 'title_contains_brackets'],
    ['an empty title', { title: '  ' }, 422, 'title_required'],
    ['a 201-character title', { title: 'x'.repeat(201) }, 422, 'title_too_long'],
    [
      'a 5001-character description',
      { title: 't', description: 'd'.repeat(5001) },
      422,
      'description_too_long',
    ],
    ['a bad jira id', { title: 't', jira_id: 'uberpop 42' }, 422, 'invalid_jira_id'],
    ['a 201-emoji title', { title: '\u{1F99C}'.repeat(201) }, 422, 'title_too_long'],
    [
      'a right-to-left override in the title',
      { title: 'Invoice \u202Etxt.exe' },
      422,
      'title_has_forbidden_characters',
    ],
    [
      'a bidi isolate in the description',
      { title: 't', description: 'ok \u2066hidden\u2069' },
      422,
      'description_has_forbidden_characters',
    ],
    [
      'a control character in the title',
      { title: 'Ring\u0007' },
      422,
      'title_has_forbidden_characters',
    ],
    ['no title at all', { description: 'd' }, 400, 'validation_failed'],
    ['a field tasks do not have', { title: 't', assignee_id: worker.id }, 400, 'validation_failed'],
  ])('refuses %s, writing nothing', async (_case, body, status, code) => {
    await expectNothingWritten(async () => {
      const refused = await create(worker, body);
      expect(refused.status).toBe(status);
      expect(refused.body.error.code).toBe(code);
      if (code === 'title_contains_brackets') expect(refused.body.error.message).toMatch(/jira_id/);
      if (code.endsWith('forbidden_characters'))
        expect(refused.body.error.message).toMatch(/U\+[0-9A-F]{4} \(a /);
    });
  });

  it('accepts a 200-emoji title: length is counted in code points', async () => {
    await pool(worker);
    const created = await create(worker, { title: '\u{1F99C}'.repeat(200) });
    expect(created.status).toBe(201);
    expect([...created.body.title]).toHaveLength(200);
  });

  it('shows a task to its assignee and to managers; 403 to others, 404 if unknown', async () => {
    await pool(worker);
    const { body: task } = await create(worker, { title: 'Preen feathers' });
    // By name too, as the lists show it: the task page names the assignee.
    expect((await get(worker, task.id)).body).toMatchObject({
      id: task.id,
      assignee_name: 'Popug', // the name the pool's user events give
    });
    expect((await get(manager, task.id)).status).toBe(200);
    expect((await get(otherWorker, task.id)).status).toBe(403);
    expect((await get(worker, randomUUID())).status).toBe(404);
    expect((await get(worker, 'not-an-id')).status).toBe(400);
  });

  it('completes a task for its assignee only, once, with task.completed', async () => {
    await pool(worker);
    const { body: task } = await create(worker, { title: 'Sort seeds' });

    await expectNothingWritten(async () => {
      const refused = await complete(otherWorker, task.id);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('not_assignee');
      expect((await complete(manager, task.id)).status).toBe(403);
      expect((await complete(worker, randomUUID())).status).toBe(404);
    });

    const done = await complete(worker, task.id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: task.id, status: 'completed' });
    expect(done.body.completed_at).not.toBeNull();
    const completedEvents = (await allOutboxEvents()).filter(
      (e) => e.detailType === 'task.completed' && e.envelope.data.id === task.id,
    );
    expect(completedEvents.map((e) => e.envelope.data.user_id)).toEqual([worker.id]);

    await expectNothingWritten(async () => {
      const again = await complete(worker, task.id);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('already_completed');
    });
  });

  it('answers 403 like GET, not a 409 that reveals its state, to someone completing another’s completed task', async () => {
    await pool(worker);
    const { body: task } = await create(worker, { title: 'Oil hinges' });
    expect((await complete(worker, task.id)).status).toBe(200);
    await expectNothingWritten(async () => {
      const probe = await complete(otherWorker, task.id);
      expect(probe.status).toBe(403);
      expect(probe.body.error.code).toBe('not_assignee');
      expect(probe.body.error.message).not.toMatch(/completed/);
      expect((await get(otherWorker, task.id)).status).toBe(403);
    });
  });

  it('never gives a new task to an employee whose deactivation reached Tasker after the pool was read', async () => {
    const leaving = testUser('worker');
    const staying = testUser('worker');
    await pool(leaving, staying);
    const real = deps().users;
    let reads = 0;
    // The deactivation lands between the create's read of the pool and its commit.
    const racing: UserReplicaStore = {
      find: (id) => real.find(id),
      callerState: (id) => real.callerState(id),
      replaced: (changes, user) => real.replaced(changes, user),
      stillAssignable: (changes, ids) => real.stillAssignable(changes, ids),
      assignableIds: async () => {
        if (++reads > 1) return real.assignableIds();
        await announceDeactivation(consumer, leaving, 100);
        return [leaving.id];
      },
    };
    const created = await createTaskUseCase(
      testDeps({ users: racing })(),
      { title: 'Trim claws' },
      { correlationId: 'race' },
    );
    expect(created.assignee_id).toBe(staying.id);
    const assigned = (await allOutboxEvents()).filter(
      (e) => e.detailType === 'task.assigned' && e.envelope.data.id === created.id,
    );
    expect(assigned.map((e) => e.envelope.data.user_id)).toEqual([staying.id]);
    expect(reads).toBe(2);
  });

  it('lists own tasks by default; managers list everyone’s, filtered, a page at a time', async () => {
    const [mine, theirs] = [testUser('worker'), testUser('worker')];
    for (const user of [mine, theirs]) tokens.set(user, await issuer.tokenFor(user));
    const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 9, minute));
    const done = { ...openTask(theirs.id, at(0)), status: 'completed' as const };
    const seeded = [
      ...[1, 2, 3].map((m) => openTask(mine.id, at(m))),
      ...[4, 5].map((m) => openTask(theirs.id, at(m))),
      { ...done, completed_at: at(6).toISOString() },
    ];
    await seedTasks(seeded);
    const list = (user: TestUser, query: Record<string, string> = {}) =>
      callRoute(listTasks, routes.listTasks, { token: as(user), query });
    const idsOf = (page: { body: { tasks: { id: string }[] } }) => page.body.tasks.map((t) => t.id);

    const own = await list(mine);
    expect(own.status).toBe(200);
    expect(idsOf(own)).toEqual(
      seeded
        .slice(0, 3)
        .map((t) => t.id)
        .reverse(),
    ); // newest first
    expect((await list(mine, { assignee: 'all' })).status).toBe(403);
    expect((await list(mine, { assignee: theirs.id })).status).toBe(403);
    expect((await list(mine, { status: 'done' })).status).toBe(400);

    const everyone = await list(manager, { assignee: 'all', limit: '100' });
    expect(everyone.body.next_cursor).toBeNull();
    const total = everyone.body.tasks.length;
    expect(idsOf(everyone)).toEqual(expect.arrayContaining(seeded.map((t) => t.id)));
    const completed = await list(manager, { assignee: 'all', status: 'completed', limit: '100' });
    expect(completed.body.tasks.every((t: { status: string }) => t.status === 'completed')).toBe(
      true,
    );
    expect(idsOf(completed)).toContain(done.id);
    const theirsOpen = await list(admin, { assignee: theirs.id, status: 'open' });
    expect(idsOf(theirsOpen)).toEqual([seeded[4]!.id, seeded[3]!.id]);

    // Pages of 2 walk every task once: the open ones, then the completed ones.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(manager, {
        assignee: 'all',
        limit: '2',
        ...(cursor ? { cursor } : {}),
      });
      expect(page.status).toBe(200);
      seen.push(...idsOf(page));
      cursor = page.body.next_cursor ?? undefined;
    } while (cursor);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);

    expect((await list(manager, { assignee: 'all', cursor: 'garbage' })).status).toBe(400);
  });

  it('shows fee and reward once priced, also when the price arrived before the task', async () => {
    await pool(worker);
    const { body: task } = await create(worker, { title: 'Count perches' });
    const price = (id: string, fee: number, reward: number, pricedAt = new Date()) =>
      consumer(
        sqsEventOf(
          busMessageOf(taskPricedV1, {
            id,
            fee_cents: fee,
            reward_cents: reward,
            priced_at: pricedAt.toISOString(),
          }),
        ),
      );
    const asManager = (id: string) => get(manager, id);

    await price(task.id, 1500, 3000);
    expect((await asManager(task.id)).body).toMatchObject({ fee_cents: 1500, reward_cents: 3000 });

    // An older pricing arriving late does not overwrite the newer one.
    await price(task.id, 1999, 3999, new Date(Date.now() - 60_000));
    expect((await asManager(task.id)).body).toMatchObject({ fee_cents: 1500, reward_cents: 3000 });

    // Price first, task later (Tasker's own write shown here through the store).
    const early = openTask(worker.id);
    await price(early.id, 1200, 2500);
    await seedTasks([early]);
    expect((await asManager(early.id)).body).toMatchObject({ fee_cents: 1200, reward_cents: 2500 });
    const listed = await callRoute(listTasks, routes.listTasks, {
      token: as(worker),
      query: { limit: '100' },
    });
    expect(listed.body.tasks.find((t: { id: string }) => t.id === early.id)).toMatchObject({
      fee_cents: 1200,
      reward_cents: 2500,
    });
  });
});
