import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authService } from '../functions/auth/service';
import { analyticsService } from '../functions/analytics/service';
import { requirementsExample } from '../functions/analytics/test-support/company-history';
import { shuffled } from '../functions/analytics/test-support/events';
import type { LocalCloud } from '../local/cloud/local-cloud';
import { apiClient } from './support/api';
import { startTestCloud } from './support/cloud';
import { makeSignedIn } from './support/people';

/**
 * Analytics end to end on the local cloud: Tasker's and Accounting's events are put on the
 * local EventBridge as their relays would put them (every one, also those Analytics does not
 * subscribe to), the bus routes them to Analytics' queue twice each and in a shuffled order,
 * and the admins' routes answer over HTTP with tokens from the real Auth.
 */
let cloud: LocalCloud;
const api = apiClient(() => cloud.urls.gateway);
const example = requirementsExample();

let admin: string;
let worker: string;

beforeAll(async () => {
  cloud = await startTestCloud([authService, analyticsService]);
  [{ token: admin }, { token: worker }] = await Promise.all([
    makeSignedIn(api, { email: 'boss@uberpopug.test', name: 'admin', role: 'admin' }, 'analytics'),
    makeSignedIn(
      api,
      { email: 'kiwi@uberpopug.test', name: 'worker', role: 'worker' },
      'analytics',
    ),
  ]);

  cloud.bus.deliveryCopies = 2;
  const bus = new EventBridgeClient({});
  const events = shuffled(example.events, 11);
  for (let i = 0; i < events.length; i += 10) {
    const result = await bus.send(
      new PutEventsCommand({
        Entries: events.slice(i, i + 10).map((e) => ({
          Source: e.source,
          DetailType: e.detailType,
          Detail: e.detail,
          EventBusName: process.env.EVENT_BUS_NAME,
        })),
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
  }
  bus.destroy();
  await cloud.settled(60_000);
}, 180_000);

afterAll(() => cloud?.stop());

describe('GET /analytics/* on the local cloud, from events on the bus', () => {
  it('answers the requirements example to an admin', async () => {
    expect(cloud.deadLetters.list()).toEqual([]);
    const dollars = async (query: string) => {
      const res = await api(`/analytics/most-expensive?${query}`, { token: admin });
      expect(res.status, query).toBe(200);
      return res.body.top === null ? null : res.body.top.reward_cents / 100;
    };
    expect(await dollars('period=day&date=2026-03-03')).toBe(28);
    expect(await dollars('period=day&date=2026-03-02')).toBe(38);
    expect(await dollars('period=day&date=2026-03-01')).toBe(23);
    expect(await dollars('from=2026-03-01&to=2026-03-03')).toBe(38);
    expect(await dollars('period=week&date=2026-03-04')).toBe(40);
    expect(await dollars('from=2026-02-01&to=2026-02-28')).toBeNull();

    const range = await api('/analytics/most-expensive?from=2026-03-01&to=2026-03-02', {
      token: admin,
    });
    expect(range.body).toEqual({
      from: '2026-03-01',
      to: '2026-03-02',
      top: {
        task_id: example.tasks.d,
        title: 'Count the seeds',
        jira_id: 'UBERPOP-38',
        reward_cents: 3800,
        completed_at: '2026-03-02T16:00:00Z',
      },
      days: [
        {
          date: '2026-03-01',
          top: {
            task_id: example.tasks.a,
            title: 'Polish the perch',
            jira_id: null,
            reward_cents: 2300,
            completed_at: '2026-03-01T14:00:00Z',
          },
        },
        { date: '2026-03-02', top: expect.objectContaining({ task_id: example.tasks.d }) },
      ],
    });

    for (const [date, cents] of Object.entries(example.expected.earningsCents)) {
      const res = await api(`/analytics/dashboard?date=${date}`, { token: admin });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        date,
        management_earnings_cents: cents,
        negative_balance_employees:
          example.expected.negativeEmployees[
            date as keyof typeof example.expected.negativeEmployees
          ],
      });
    }
    const today = await api('/analytics/dashboard', { token: admin });
    expect(today.status).toBe(200);
    expect(today.body).toMatchObject({
      management_earnings_cents: 0,
      negative_balance_employees: 0,
    });
  });

  it('refuses non-admins and bad input with a clear 4xx', async () => {
    const status = async (path: string, token?: string) => {
      const res = await api(path, { token });
      if (res.status >= 400) expect(res.body.error.code, path).toEqual(expect.any(String));
      return [res.status, res.body.error?.code];
    };
    expect(await status('/analytics/dashboard', worker)).toEqual([403, 'forbidden']);
    expect(await status('/analytics/most-expensive?period=day', worker)).toEqual([
      403,
      'forbidden',
    ]);
    expect((await status('/analytics/dashboard'))[0]).toBe(401);
    expect(await status('/analytics/dashboard?date=2026-02-30', admin)).toEqual([
      400,
      'invalid_date',
    ]);
    expect(await status('/analytics/dashboard?date=2999-01-01', admin)).toEqual([
      422,
      'date_in_future',
    ]);
    expect(await status('/analytics/most-expensive?from=2026-03-03&to=2026-03-01', admin)).toEqual([
      422,
      'range_reversed',
    ]);
    expect(await status('/analytics/most-expensive?from=2025-01-01&to=2026-03-01', admin)).toEqual([
      422,
      'range_too_long',
    ]);
    expect(await status('/analytics/most-expensive?period=fortnight', admin)).toEqual([
      400,
      'validation_failed',
    ]);
    expect(await status('/analytics/most-expensive?from=2026-03-01', admin)).toEqual([
      400,
      'ambiguous_period',
    ]);
    expect(
      await status('/analytics/most-expensive?from=2026-03-01&to=2026-03-02&period=day', admin),
    ).toEqual([400, 'ambiguous_period']);
    expect(await status('/analytics/most-expensive?period=day&date=03.03.2026', admin)).toEqual([
      400,
      'invalid_date',
    ]);
  });
});
