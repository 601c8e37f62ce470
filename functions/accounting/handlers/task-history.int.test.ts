import { randomUUID } from 'node:crypto';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { callRoute } from '../../../test/support/http-event';
import { pollUntil } from '../../../test/support/poll';
import { createTables } from '../../../test/support/tables';
import { startTestIssuer, testUser } from '../../../test/support/tokens';
import { accountingService } from '../service';
import { busMessageOf, deliver } from '../test-support/harness';
import { handler as consumer } from './on-event';
import { handler as taskHistory } from './task-history';

const route = accountingService.routes.taskHistory;
const [accountant, manager, first, second, stranger] = [
  testUser('accountant'),
  testUser('manager'),
  testUser('worker'),
  testUser('worker'),
  testUser('worker'),
];
const tokens = new Map<string, string>();
let issuer: Awaited<ReturnType<typeof startTestIssuer>>;
const taskId = randomUUID();
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString();
const firstAssignment = {
  id: taskId,
  user_id: first.id,
  assignment_id: randomUUID(),
  assignment_seq: 1,
  assigned_at: at(1),
};
let bodies: string[];

beforeAll(async () => {
  await createTables([accountingService]);
  issuer = await startTestIssuer();
  for (const user of [accountant, manager, first, second, stranger])
    tokens.set(user.id, await issuer.tokenFor(user));
  // Created for the first worker, reshuffled to the second, who completes it; the reward
  // arrives before the second fee, and the second worker's name is known, the first's not.
  bodies = [
    busMessageOf(userCreatedV1, {
      id: second.id,
      email: second.email,
      name: 'Kiwi',
      role: 'worker',
      active: true,
      revision: 1,
      changed_at: at(0),
    }),
    busMessageOf(taskCreatedV2, {
      id: taskId,
      title: 'Polish the beak',
      jira_id: 'UBERPOP-7',
      description: 'until it shines',
      assignee_id: first.id,
      status: 'open',
      created_at: at(1),
    }),
    busMessageOf(taskAssignedV1, firstAssignment),
    busMessageOf(taskCompletedV1, { id: taskId, user_id: second.id, completed_at: at(3) }),
    busMessageOf(taskAssignedV1, {
      id: taskId,
      user_id: second.id,
      assignment_id: randomUUID(),
      assignment_seq: 2,
      assigned_at: at(2),
    }),
  ];
  for (const body of bodies) expect(await deliver(consumer, body)).toEqual([]);
  // The history reads the task index, eventually consistent: wait until it shows all three.
  await pollUntil(
    "the task's three movements in its history",
    () => historyFor(accountant),
    (answer) => answer.status === 200 && answer.body.movements.length === 3,
  );
});
afterAll(() => issuer.close());

const historyFor = (
  user: { id: string },
  id: string = taskId,
  query: Record<string, string> = {},
) => callRoute(taskHistory, route, { token: tokens.get(user.id), params: { id }, query });

describe('GET /accounting/tasks/{id}', () => {
  it('shows accountants and managers every fee and the reward, oldest first, by name', async () => {
    for (const overseer of [accountant, manager]) {
      const answer = await historyFor(overseer);
      expect(answer.status).toBe(200);
      const { fee_cents: fee, reward_cents: reward } = answer.body;
      expect(fee).toBeGreaterThanOrEqual(1000);
      expect(reward).toBeGreaterThanOrEqual(2000);
      expect(answer.body).toEqual({
        task: {
          id: taskId,
          title: 'Polish the beak',
          jira_id: 'UBERPOP-7',
          description: 'until it shines',
        },
        fee_cents: fee,
        reward_cents: reward,
        scope: 'all',
        movements: [
          {
            id: expect.any(String),
            type: 'fee',
            user_id: first.id,
            name: null,
            amount_cents: -fee,
            at: at(1),
          },
          {
            id: expect.any(String),
            type: 'fee',
            user_id: second.id,
            name: 'Kiwi',
            amount_cents: -fee,
            at: at(2),
          },
          {
            id: expect.any(String),
            type: 'reward',
            user_id: second.id,
            name: 'Kiwi',
            amount_cents: reward,
            at: at(3),
          },
        ],
        next_cursor: null,
      });
    }
  });

  it('shows a fee redelivered, or carried by another event of the same assignment, once', async () => {
    const before = await historyFor(accountant);
    for (const body of [...bodies, busMessageOf(taskAssignedV1, firstAssignment)])
      expect(await deliver(consumer, body)).toEqual([]);
    const after = await historyFor(accountant);
    expect(after.body.movements).toEqual(before.body.movements);
    expect(after.body.movements).toHaveLength(3);
  });

  it('shows a worker only their own movements, and refuses one who has none', async () => {
    const own = await historyFor(first);
    expect(own.status).toBe(200);
    expect(own.body.scope).toBe('own');
    expect(
      own.body.movements.map((m: { user_id: string; type: string }) => [m.type, m.user_id]),
    ).toEqual([['fee', first.id]]);
    const none = await historyFor(stranger);
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('not_your_task');
  });

  it('answers an unknown task with a 404 and a malformed id or cursor with a 400', async () => {
    const unknown = await historyFor(accountant, randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const malformed = await historyFor(accountant, 'not-a-task');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields).toEqual([
      { field: 'id', message: 'must be a task id (a UUID)' },
    ]);
    const forged = Buffer.from(JSON.stringify({ pk: 'ACCOUNT#x', sk: 'ACCOUNT' })).toString(
      'base64url',
    );
    const badCursor = await historyFor(accountant, taskId, { cursor: forged });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.code).toBe('invalid_cursor');
    // The task's own cursor, resuming after a position longer than a sort key may be.
    const tooLong = Buffer.from(JSON.stringify({ task: taskId, after: 'x'.repeat(1020) })).toString(
      'base64url',
    );
    const beyondKey = await historyFor(accountant, taskId, { cursor: tooLong });
    expect(beyondKey.status).toBe(400);
    expect(beyondKey.body.error.code).toBe('invalid_cursor');
  });
});
