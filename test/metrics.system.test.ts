import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountingService } from '../functions/accounting/service';
import { authService } from '../functions/auth/service';
import { taskerService } from '../functions/tasker/service';
import type { LocalCloud } from '../local/cloud/local-cloud';
import type { MetricsView } from '../local/metrics/board';
import { apiClient } from './support/api';
import { adminAndWorker, signIn } from './support/people';
import { startTestCloud } from './support/cloud';
import { pollUntil } from './support/poll';

/**
 * Issue 28: what the functions print as metrics (EMF) is what the local metrics page shows. One
 * task's life and one close, and the page has counted them: the task, its fee and reward in
 * cents, the payout and its e-mail, the close, a refused command by its reason. The close's
 * correlation id reaches the payout e-mail's headers, and each request's id is in the log of
 * every function it passed through (`GET /_local/logs`).
 */
let cloud: LocalCloud;
const api = apiClient(() => cloud.urls.gateway);
const DAY_MS = 24 * 60 * 60 * 1000;
const CLOSE_CORRELATION_ID = 'close-of-issue-28';
const TASK_CORRELATION_ID = 'task-of-issue-28';

interface LogLine {
  function: string;
  text: string;
}

/** What the functions logged under one correlation id, as the local logs page answers. */
async function linesOf(correlationId: string) {
  const res = await fetch(`${cloud.urls.gateway}/_local/logs?correlation_id=${correlationId}`);
  expect(res.status).toBe(200);
  const { lines } = (await res.json()) as { lines: LogLine[] };
  return lines.map((line) => ({ function: line.function, ...JSON.parse(line.text) }));
}

const functionsOf = (lines: { function: string }[]) =>
  [...new Set(lines.map((line) => line.function))].sort();

beforeAll(async () => {
  cloud = await startTestCloud([authService, taskerService, accountingService], { ses: true });
}, 120_000);
afterAll(() => cloud?.stop());

async function localMetrics(): Promise<MetricsView> {
  const res = await fetch(`${cloud.urls.gateway}/_local/metrics`);
  expect(res.status).toBe(200);
  return (await res.json()) as MetricsView;
}

const total = (view: MetricsView, domain: string, name: string) =>
  view.domains[domain]?.[name]?.total.sum ?? 0;

describe('the local metrics page', () => {
  it('counts a task, its fee and reward, a close, its payout and e-mail', async () => {
    const { adminEmail, worker } = await adminAndWorker(api, 'metrics');
    await cloud.settled(30_000); // Tasker knows the worker: the task goes to them
    const refused = await api('/tasks', { method: 'POST', token: worker, body: { title: '' } });
    expect(refused.status).toBe(422);
    const reason = refused.body.error.code as string;
    const created = await api('/tasks', {
      method: 'POST',
      token: worker,
      body: { title: 'Count the seeds', jira_id: 'UBERPOP-28', description: 'all of them' },
      headers: { 'x-correlation-id': TASK_CORRELATION_ID },
    });
    expect(created.status).toBe(201);
    await cloud.settled(30_000); // priced and charged before it is completed
    const done = await api(`/tasks/${created.body.id}/complete`, { method: 'POST', token: worker });
    expect(done.status).toBe(200);
    await cloud.settled(30_000);

    const me = await api('/accounting/me', { token: worker });
    expect(me.status).toBe(200);
    const entries = me.body.entries as { type: string; amount_cents: number }[];
    const fee = -entries.find((e) => e.type === 'fee')!.amount_cents;
    const reward = entries.find((e) => e.type === 'reward')!.amount_cents;
    const paid = reward - fee > 0 ? 1 : 0;

    // Tomorrow (by the business clock): today is over and can be closed.
    cloud.clock.advance(DAY_MS);
    const boss = await signIn(api, adminEmail);
    const close = await fetch(`${cloud.urls.gateway}/accounting/close-day`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${boss}`,
        'content-type': 'application/json',
        'x-correlation-id': CLOSE_CORRELATION_ID,
      },
      body: '{}',
    }).then(async (res) => ({ status: res.status, body: await res.json() }));
    expect(close.status).toBe(202);
    await pollUntil(
      'the close is done',
      () => api(`/accounting/closes/${close.body.date}`, { token: boss }),
      (res) => res.status === 200 && res.body.status === 'done',
    );
    await cloud.settled(30_000);

    const view = await pollUntil(
      'the close is counted',
      localMetrics,
      (v) => total(v, 'accounting', 'ClosesFinished') >= 1,
    );
    expect({
      tasksCreated: total(view, 'tasker', 'TasksCreated'),
      tasksCompleted: total(view, 'tasker', 'TasksCompleted'),
      feesCharged: total(view, 'accounting', 'FeesCharged'),
      feesCents: total(view, 'accounting', 'FeesCents'),
      rewardsPaid: total(view, 'accounting', 'RewardsPaid'),
      rewardsCents: total(view, 'accounting', 'RewardsCents'),
      payouts: total(view, 'accounting', 'Payouts'),
      payoutsCents: total(view, 'accounting', 'PayoutsCents'),
      mailsSent: total(view, 'accounting', 'MailsSent'),
      closesFinished: total(view, 'accounting', 'ClosesFinished'),
      taskerRefused: view.refusals.tasker,
    }).toStrictEqual({
      tasksCreated: 1,
      tasksCompleted: 1,
      feesCharged: 1,
      feesCents: fee,
      rewardsPaid: 1,
      rewardsCents: reward,
      payouts: paid,
      payoutsCents: reward - fee > 0 ? reward - fee : 0,
      mailsSent: paid,
      closesFinished: 1,
      taskerRefused: { [reason]: 1 },
    });
    // The outbox relays published, the consumers applied and measured their lag.
    for (const domain of ['auth', 'tasker', 'accounting']) {
      expect(total(view, domain, 'EventsPublished'), domain).toBeGreaterThan(0);
    }
    expect(total(view, 'accounting', 'EventsApplied')).toBeGreaterThan(0);
    expect(view.domains.accounting!.ConsumerLag!.total.count).toBeGreaterThan(0);
    // The hire and three sign-ins (POST /auth/login changes state too: a session, a counter).
    expect(total(view, 'auth', 'CommandsAccepted')).toBe(4);

    // The close's correlation id went from the request through its events to the e-mail.
    const inbox = (await (await fetch(`${cloud.urls.sesInbox}/store`)).json()) as {
      emails: { headers?: { name: string; value: string }[] }[];
    };
    expect(inbox.emails.map((mail) => mail.headers)).toStrictEqual(
      Array.from({ length: paid }, () => [
        { name: 'X-Correlation-Id', value: CLOSE_CORRELATION_ID },
      ]),
    );

    // One id finds the whole story of each request, in every function it passed through.
    const task = await linesOf(TASK_CORRELATION_ID);
    expect(functionsOf(task)).toStrictEqual([
      'ates-accounting-consumer',
      'ates-accounting-relay',
      'ates-tasker-consumer',
      'ates-tasker-createTask',
      'ates-tasker-relay',
    ]);
    expect(task).toContainEqual(
      expect.objectContaining({ message: 'event handled', event_name: 'task.created' }),
    );
    const closing = await linesOf(CLOSE_CORRELATION_ID);
    expect(functionsOf(closing)).toStrictEqual([
      'ates-accounting-closeDay',
      'ates-accounting-consumer',
      'ates-accounting-relay',
    ]);
    // The mailer (the consumer's reaction to payout_mails_requested) says what it handed to SES.
    expect(closing.filter((line) => line.message === 'e-mail handed to SES')).toHaveLength(paid);

    const page = await fetch(`${cloud.urls.gateway}/_local/metrics/page`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    for (const name of ['TasksCreated', 'FeesCents', 'MailsSent', reason]) {
      expect(html).toContain(name);
    }
  });
});
