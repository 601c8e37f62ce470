import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../../test/support/http-event';
import { createTables } from '../../../test/support/tables';
import { startTestIssuer, testUser, type TestUser } from '../../../test/support/tokens';
import { seededRandomInt } from '#shared/random';
import { taskerService } from '../service';
import { testDeps } from '../test-support/deps';
import { countRecords } from '../test-support/outbox';
import { openTask, seedTasks } from '../test-support/seed';
import { poolOfExactly } from '../test-support/users';
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
  it.each([
    ['a jira id in brackets', { title: '[UBERPOP-42] Fix beak' }, 422, 'title_contains_brackets'],
    [
      'a right-to-left override in the title',
      { title: 'Invoice \u202Etxt.exe' },
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
    // An unknown parameter is refused by name, not ignored (a misspelt filter lists everything).
    const misspelt = await list(mine, { stauts: 'open' });
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.error.code).toBe('validation_failed');
    expect(misspelt.body.error.message).toMatch(/stauts/);

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
});
