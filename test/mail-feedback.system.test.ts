import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, businessDateOf, startOfBusinessDate } from '#shared/time/business-day';
import { accountingService } from '../functions/accounting/service';
import { authService } from '../functions/auth/service';
import { taskerService } from '../functions/tasker/service';
import type { LocalCloud } from '../local/cloud/local-cloud';
import { apiClient } from './support/api';
import { startTestCloud } from './support/cloud';
import { pollUntil } from './support/poll';
import { hire, makeSignedIn, signIn } from './support/people';

/**
 * A bounce end to end: the payout e-mail goes to SES's mailbox simulator, whose bounce the local
 * SES publishes to the default bus, whose rule sends it to Accounting's queue, which suppresses
 * the address. The next close counts its payout e-mail undeliverable; an admin clears it and the
 * close after mails it again.
 */
const BOUNCING = 'bounce@simulator.amazonses.com';
const ADMIN = 'suppress-boss@uberpopug.test';
let cloud: LocalCloud;
const api = apiClient(() => cloud.urls.gateway);

beforeAll(async () => {
  cloud = await startTestCloud([authService, taskerService, accountingService], {
    ses: true,
    scheduler: false,
    timeZone: 'UTC',
  });
}, 120_000);
afterAll(() => cloud?.stop());

/** The only worker earns (a task's reward beats its fee), and the business day ends. */
async function earnAndEndDay(): Promise<{ day: string; admin: string }> {
  const [admin, worker] = [await signIn(api, ADMIN), await signIn(api, BOUNCING)];
  const task = await api('/tasks', { method: 'POST', token: admin, body: { title: 'Preen' } });
  expect(task.status).toBe(201);
  await cloud.settled(30_000);
  const done = await api(`/tasks/${task.body.id}/complete`, { method: 'POST', token: worker });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  await cloud.settled(30_000);
  const day = businessDateOf(cloud.clock.now(), 'UTC');
  const midnight = startOfBusinessDate(addDays(day, 1), 'UTC').getTime();
  cloud.clock.advance(midnight - cloud.clock.now().getTime() + 60_000);
  return { day, admin: await signIn(api, ADMIN) };
}

async function close(admin: string, date: string) {
  const pressed = await api('/accounting/close-day', {
    method: 'POST',
    token: admin,
    body: { date },
  });
  expect(pressed.status, JSON.stringify(pressed.body)).toBe(202);
  await pollUntil(
    `the close of ${date}`,
    () => api(`/accounting/closes/${date}`, { token: admin }),
    (res) => res.status === 200 && res.body.status === 'done',
  );
  // Its e-mails, and the bounces they drew, are handled too.
  await cloud.settled(30_000);
  return (await api(`/accounting/closes/${date}`, { token: admin })).body;
}

async function mailsTo(address: string) {
  const store = (await (await fetch(`${cloud.urls.sesInbox}/store`)).json()) as {
    emails: { destination: { to: string[] } }[];
  };
  return store.emails.filter((email) => email.destination.to.includes(address)).length;
}

const suppressed = async (admin: string) => {
  const res = await api('/accounting/suppressions', { token: admin });
  expect(res.status).toBe(200);
  return (res.body.suppressions as { email: string }[]).map((s) => s.email);
};

describe('a bounced payout e-mail', () => {
  it('suppresses the address until an admin clears it', { timeout: 300_000 }, async () => {
    const { token: boss } = await makeSignedIn(api, { email: ADMIN, name: 'Boss', role: 'admin' });
    await hire(api, boss, { email: BOUNCING, name: 'Kea', role: 'worker' });

    // Day 1: mailed, and it bounces.
    const first = await earnAndEndDay();
    expect(await close(first.admin, first.day)).toMatchObject({ paid_count: 1, undeliverable: 0 });
    expect(await mailsTo(BOUNCING)).toBe(1);
    expect(await suppressed(first.admin)).toEqual([BOUNCING]);
    const [list] = (await api('/accounting/suppressions', { token: first.admin })).body
      .suppressions;
    expect(list).toMatchObject({ reason: 'bounce', detail: 'Permanent/General', suppressed: true });

    // Only an admin sees or clears them; a bad address is 400, one not suppressed 404.
    const worker = await signIn(api, BOUNCING);
    expect((await api('/accounting/suppressions', { token: worker })).status).toBe(403);
    const clear = (address: string, token = first.admin) =>
      api(`/accounting/suppressions/${encodeURIComponent(address)}`, { method: 'DELETE', token });
    expect((await clear(BOUNCING, worker)).status).toBe(403);
    expect((await clear('not-an-address')).status).toBe(400);
    expect((await clear('nobody@uberpopug.test')).status).toBe(404);

    // Day 2: the payout is made, its e-mail is not sent but counted undeliverable.
    const second = await earnAndEndDay();
    expect(await close(second.admin, second.day)).toMatchObject({
      paid_count: 1,
      undeliverable: 1,
    });
    expect(await mailsTo(BOUNCING)).toBe(1);

    // Cleared: day 3's close mails it again (and SES's new bounce suppresses it anew).
    const third = await earnAndEndDay();
    const cleared = await clear(BOUNCING, third.admin);
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body).toMatchObject({ email: BOUNCING, suppressed: false });
    expect(await suppressed(third.admin)).toEqual([]);
    expect(await close(third.admin, third.day)).toMatchObject({ paid_count: 1, undeliverable: 0 });
    expect(await mailsTo(BOUNCING)).toBe(2);
    expect(await suppressed(third.admin)).toEqual([BOUNCING]);
    expect(cloud.deadLetters.list()).toEqual([]);
  });
});
