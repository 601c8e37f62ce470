import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, businessDateOf, startOfBusinessDate } from '#shared/time/business-day';
import { accountingService } from '../functions/accounting/service';
import { authService } from '../functions/auth/service';
import { taskerService } from '../functions/tasker/service';
import { clockOffset } from '../local/clock/business-clock';
import type { LocalCloud } from '../local/cloud/local-cloud';
import { apiClient } from './support/api';
import { startTestCloud } from './support/cloud';
import { adminAndWorker, signIn } from './support/people';

/**
 * The local clock (`/_local/clock`): a person ends the business day over HTTP and the daily
 * close runs for it; a token older than its lifetime on the moved clock is refused.
 */
let cloud: LocalCloud;
const api = apiClient(() => cloud.urls.gateway);
/** Auth's default token lifetime (functions/auth/wiring.ts), plus a minute. */
const PAST_TOKEN_LIFETIME_MS = 11 * 60 * 1000;

beforeAll(async () => {
  cloud = await startTestCloud([authService, taskerService, accountingService], {
    scheduler: true,
    timeZone: 'UTC',
  });
}, 120_000);
afterAll(() => cloud?.stop());

const advance = (body: unknown) => api('/_local/clock', { method: 'POST', body });

describe('the local clock', () => {
  it('refuses a move that is not a positive whole number of milliseconds, and moves nothing', async () => {
    expect(clockOffset()).toBe(0);
    for (const body of [
      { advance_ms: 0 },
      { advance_ms: -1000 },
      { advance_ms: 1.5 },
      { advance_ms: '60000' },
      { advance_ms: 1e300 },
      {},
      { advance_ms: 1000, extra: true },
      [],
    ]) {
      const res = await advance(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed' });
      expect(res.body.error.message).toContain('advance_ms');
    }
    const broken = await fetch(`${cloud.urls.gateway}/_local/clock`, {
      method: 'POST',
      body: '{"advance_ms":',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: 'invalid_json' } });
    expect(clockOffset()).toBe(0); // the cloud runs in this process: its clock is ours
  });

  it('ends the day: the schedule closes it, old tokens expire, new ones work', async () => {
    const { admin: boss, adminEmail } = await adminAndWorker(api, 'clock');
    await cloud.settled(30_000);
    // A movement on the day (the task's assignment fee), so the day has money to close.
    const task = await api('/tasks', { method: 'POST', token: boss, body: { title: 'Feed' } });
    expect(task.status).toBe(201);
    await cloud.settled(30_000);

    const { now } = (await api('/_local/clock')).body as { now: string };
    const day = businessDateOf(now, 'UTC');
    expect((await api(`/accounting/closes/${day}`, { token: boss })).status).toBe(404);

    // To just past the next midnight, and past the token's lifetime: one midnight crossed.
    const midnight = startOfBusinessDate(addDays(day, 1), 'UTC').getTime();
    const moveMs = midnight - Date.parse(now) + PAST_TOKEN_LIFETIME_MS;
    const moved = await advance({ advance_ms: moveMs });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.now)).toBeGreaterThanOrEqual(Date.parse(now) + moveMs);
    const read = (await api('/_local/clock')).body.now as string;
    expect(Date.parse(read)).toBeGreaterThanOrEqual(Date.parse(moved.body.now));
    expect(businessDateOf(read, 'UTC')).toBe(addDays(day, 1));

    // (b) The token from before the move is older than its lifetime now.
    const stale = await api('/accounting/me', { token: boss });
    expect(stale.status).toBe(401);
    const fresh = await signIn(api, adminEmail);

    // (c) The scheduler saw its midnight pass and closed the day that just ended.
    const close = await vi.waitFor(
      async () => {
        const res = await api(`/accounting/closes/${day}`, { token: fresh });
        expect(res.status).toBe(200);
        return res.body as { date: string };
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(close.date).toBe(day);
    expect((await api(`/accounting/closes/${addDays(day, 1)}`, { token: fresh })).status).toBe(404);
    expect(cloud.deadLetters.list()).toEqual([]);
  });
});
