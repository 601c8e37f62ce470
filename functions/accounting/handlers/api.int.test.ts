// Long because every route of the accounting API is checked over real wiring (tokens, HTTP mapping, DynamoDB), sharing one table and issuer.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { businessDateOf, addDays } from '#shared/time/business-day';
import { callRoute } from '../../../test/support/http-event';
import { scanTable } from '../../../test/support/table-scan';
import { createTables } from '../../../test/support/tables';
import { startTestIssuer, testUser } from '../../../test/support/tokens';
import { accountingService } from '../service';
import { accountingTable } from '../wiring';
import { busMessageOf, deliver } from '../test-support/harness';
import { handler as account } from './account';
import { handler as closeDay } from './close-day';
import { handler as closeStatus } from './close-status';
import { handler as dashboard } from './dashboard';
import { handler as listCloses } from './list-closes';
import { handler as me } from './me';
import { handler as consumer } from './on-event';

const routes = accountingService.routes;
const [admin, accountant, worker] = [testUser('admin'), testUser('accountant'), testUser('worker')];
const tokens: Record<string, string> = {};
let issuer: Awaited<ReturnType<typeof startTestIssuer>>;
const today = () => businessDateOf(new Date(), 'UTC');

beforeAll(async () => {
  await createTables([accountingService]);
  issuer = await startTestIssuer();
  for (const user of [admin, accountant, worker]) tokens[user.role] = await issuer.tokenFor(user);
});
afterAll(() => issuer.close());

const fee = (userId: string, i: number) =>
  busMessageOf(taskAssignedV1, {
    id: randomUUID(),
    user_id: userId,
    assignment_id: randomUUID(),
    assignment_seq: 1,
    assigned_at: new Date(Date.now() - 1000 * (60 - i)).toISOString(),
  });

describe('the accounting API', () => {
  // Paging, order and the balance are the use case's (use-cases/read-account-day.test.ts): here,
  // what only the routes show.
  it("shows a worker their own day, and an accountant anyone's; a stranger is a 404 there", async () => {
    for (let i = 0; i < 2; i++) expect(await deliver(consumer, fee(worker.id, i))).toEqual([]);
    const first = await callRoute(me, routes.me, { token: tokens.worker });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ user_id: worker.id, date: today(), next_cursor: null });
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.entries[0]).toEqual({
      id: expect.any(String),
      type: 'fee',
      amount_cents: expect.any(Number),
      task: { id: expect.any(String), title: null, jira_id: null, description: null },
      at: expect.any(String),
    });
    const all = first.body.entries.map((e: { amount_cents: number }) => e.amount_cents);
    expect(all.reduce((s: number, a: number) => s + a, 0)).toBe(first.body.balance_cents);

    const viewed = await callRoute(account, routes.account, {
      token: tokens.accountant,
      params: { user_id: worker.id },
    });
    expect(viewed.body.balance_cents).toBe(first.body.balance_cents);
    expect(
      (
        await callRoute(account, routes.account, {
          token: tokens.admin,
          params: { user_id: randomUUID() },
        })
      ).status,
    ).toBe(404);
    // Another day: empty.
    const yesterday = await callRoute(me, routes.me, {
      token: tokens.worker,
      query: { date: addDays(today(), -1) },
    });
    expect(yesterday.body).toMatchObject({ entries: [], next_cursor: null });
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const before = (await scanTable(accountingTable())).length;
    const refusals: [
      Promise<{ status: number; body: { error: { code: string } } }>,
      number,
      string,
    ][] = [
      [
        callRoute(me, routes.me, { token: tokens.worker, query: { date: '2026-02-30' } }),
        400,
        'validation_failed',
      ],
      [
        callRoute(me, routes.me, { token: tokens.worker, query: { date: 'yesterday' } }),
        400,
        'validation_failed',
      ],
      [
        callRoute(me, routes.me, { token: tokens.worker, query: { cursor: 'forged' } }),
        400,
        'invalid_cursor',
      ],
      [
        callRoute(me, routes.me, {
          token: tokens.worker,
          query: {
            cursor: Buffer.from(
              JSON.stringify({
                pk: 'x',
                sk: 'y',
                gsi1pk: `LEDGER#${admin.id}#${today()}`,
                gsi1sk: 'z',
              }),
            ).toString('base64url'),
          },
        }),
        400,
        'invalid_cursor',
      ],
      [callRoute(me, routes.me, {}), 401, 'unauthorized'],
      [
        callRoute(account, routes.account, {
          token: tokens.worker,
          params: { user_id: worker.id },
        }),
        403,
        'forbidden',
      ],
      [
        callRoute(account, routes.account, { token: tokens.admin, params: { user_id: 'nope' } }),
        400,
        'validation_failed',
      ],
      [callRoute(dashboard, routes.dashboard, { token: tokens.worker }), 403, 'forbidden'],
      [
        callRoute(dashboard, routes.dashboard, {
          token: tokens.admin,
          query: { from: '2026-03-05', to: '2026-03-01' },
        }),
        400,
        'invalid_range',
      ],
      [
        callRoute(dashboard, routes.dashboard, {
          token: tokens.admin,
          query: { from: '2025-01-01', to: '2026-01-02' },
        }),
        400,
        'range_too_long',
      ],
      [
        callRoute(dashboard, routes.dashboard, {
          token: tokens.admin,
          query: { from: '2026-13-01' },
        }),
        400,
        'validation_failed',
      ],
      [callRoute(closeDay, routes.closeDay, { token: tokens.accountant }), 403, 'forbidden'],
      [callRoute(closeDay, routes.closeDay, { token: tokens.worker }), 403, 'forbidden'],
      [
        callRoute(closeDay, routes.closeDay, {
          token: tokens.admin,
          body: { date: addDays(today(), 1) },
        }),
        422,
        'day_not_over',
      ],
      [
        callRoute(closeDay, routes.closeDay, { token: tokens.admin, body: { date: today() } }),
        422,
        'day_not_over',
      ],
      [
        callRoute(closeDay, routes.closeDay, { token: tokens.admin, body: { date: '2000-01-01' } }),
        422,
        'beyond_archive',
      ],
      [
        callRoute(closeDay, routes.closeDay, { token: tokens.admin, body: { date: '03/03/2026' } }),
        400,
        'validation_failed',
      ],
      [
        callRoute(closeDay, routes.closeDay, { token: tokens.admin, rawBody: '{"date":' }),
        400,
        'invalid_json',
      ],
      [
        callRoute(closeStatus, routes.closeStatus, {
          token: tokens.admin,
          params: { date: '2026-1-1' },
        }),
        400,
        'validation_failed',
      ],
      [
        callRoute(closeStatus, routes.closeStatus, {
          token: tokens.worker,
          params: { date: today() },
        }),
        403,
        'forbidden',
      ],
      [
        callRoute(closeStatus, routes.closeStatus, {
          token: tokens.admin,
          params: { date: '2001-01-01' },
        }),
        404,
        'not_found',
      ],
    ];
    for (const [call, status, code] of refusals) {
      const response = await call;
      expect(response.status, code).toBe(status);
      expect(response.body.error, code).toMatchObject({ code, message: expect.any(String) });
    }
    expect((await scanTable(accountingTable())).length).toBe(before);
  });

  it('shows the dashboard for 366 days at most, newest first, a quiet day as zeros', async () => {
    const response = await callRoute(dashboard, routes.dashboard, { token: tokens.accountant });
    expect(response.status).toBe(200);
    expect(response.body.days).toHaveLength(30);
    expect(response.body.days[0].date).toBe(today());
    expect(response.body.today).toEqual({
      date: today(),
      management_earnings_cents: response.body.days[0].management_earnings_cents,
    });
    expect(response.body.days[0].fees_cents).toBeGreaterThan(0);
    expect(response.body.days[1]).toMatchObject({
      fees_cents: 0,
      rewards_cents: 0,
      management_earnings_cents: 0,
    });
    const year = await callRoute(dashboard, routes.dashboard, {
      token: tokens.admin,
      query: { from: '2024-01-01', to: '2024-12-31' },
    });
    expect(year.status).toBe(200);
    expect(year.body.days).toHaveLength(366);
  });

  it('closes the last ended day by default (202), shows its progress, and says what a later close covered', async () => {
    // Only today's fees so far: yesterday is before the first movement, nothing to close.
    const nothing = await callRoute(closeDay, routes.closeDay, { token: tokens.admin });
    expect(nothing.status).toBe(422);
    expect(nothing.body.error.code).toBe('before_first_movement');
    // Fees of three days ago and of yesterday arrive (late): now yesterday can close.
    const lateFee = (date: string) =>
      busMessageOf(taskAssignedV1, {
        id: randomUUID(),
        user_id: worker.id,
        assignment_id: randomUUID(),
        assignment_seq: 1,
        assigned_at: `${date}T12:00:00.000Z`,
      });
    const [threeDaysAgo, twoDaysAgo, yesterday] = [-3, -2, -1].map((n) => addDays(today(), n));
    expect(await deliver(consumer, lateFee(threeDaysAgo!), lateFee(yesterday!))).toEqual([]);

    const pressed = await callRoute(closeDay, routes.closeDay, { token: tokens.admin });
    expect(pressed.status).toBe(202);
    expect(pressed.body).toEqual({ date: yesterday, status: 'running', covered_by: null });
    expect(pressed.headers.location).toBe(`/accounting/closes/${yesterday}`);
    const status = await callRoute(closeStatus, routes.closeStatus, {
      token: tokens.accountant,
      params: { date: yesterday! },
    });
    expect(status.body).toEqual({
      date: yesterday,
      status: 'running',
      accounts_total: 0,
      accounts_done: 0,
      paid_count: 0,
      paid_total_cents: 0,
      carried_negative_count: 0,
      undeliverable: 0,
      requested_by: expect.any(String), // the admin who pressed it
      requested_at: expect.any(String),
    });
    const again = await callRoute(closeDay, routes.closeDay, {
      token: tokens.admin,
      body: { date: yesterday },
    });
    expect(again.status).toBe(202);
    // The day before yesterday has ended and was never closed, but yesterday's close pays every
    // unpaid movement up to yesterday: it covers it.
    const covered = await callRoute(closeDay, routes.closeDay, {
      token: tokens.admin,
      body: { date: twoDaysAgo },
    });
    expect(covered.status).toBe(200);
    expect(covered.body).toEqual({ date: twoDaysAgo, status: 'done', covered_by: yesterday });
    expect(covered.headers.location).toBe(`/accounting/closes/${yesterday}`);
  });

  it('lists the closed days newest first, paged, with the last ended day, and answers "not closed" with a 200', async () => {
    const yesterday = addDays(today(), -1);
    const first = await callRoute(listCloses, routes.listCloses, {
      token: tokens.accountant,
      query: { limit: '1' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      last_ended_day: yesterday,
      latest_closed_date: yesterday,
      closes: [
        {
          date: yesterday,
          status: 'running',
          accounts_total: 0,
          requested_by: admin.id,
          requested_at: expect.any(String),
        },
      ],
      next_cursor: expect.any(String),
    });
    const rest = await callRoute(listCloses, routes.listCloses, {
      token: tokens.admin,
      query: { cursor: first.body.next_cursor },
    });
    expect(rest.body.closes).toEqual([]);
    expect(rest.body.next_cursor).toBeNull();
    // A day that was never closed: an empty list, not a 404 (the close page asks this way).
    const open = await callRoute(listCloses, routes.listCloses, {
      token: tokens.admin,
      query: { to: addDays(today(), -2), limit: '1' },
    });
    expect(open.status).toBe(200);
    expect(open.body.closes).toEqual([]);

    const refused = async (token: string | undefined, query: Record<string, string>) =>
      (await callRoute(listCloses, routes.listCloses, { token, query })).status;
    expect(await refused(tokens.worker, {})).toBe(403);
    expect(await refused(tokens.admin, { to: '2026-02-30' })).toBe(400);
    expect(await refused(tokens.admin, { limit: '0' })).toBe(400);
    // A cursor of another list, and one past `to`: refused before DynamoDB sees them.
    const forged = Buffer.from(JSON.stringify({ pk: 'ACCOUNT#x', sk: 'ACCOUNT' })).toString(
      'base64url',
    );
    expect(await refused(tokens.admin, { cursor: forged })).toBe(400);
    expect(
      await refused(tokens.admin, { cursor: first.body.next_cursor, to: addDays(today(), -5) }),
    ).toBe(400);
  });
});
