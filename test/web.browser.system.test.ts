import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../functions/services';
import type { LocalCloud } from '../local/cloud';
import { DEMO_COMPANY, type DemoLogin } from '../local/seed-demo';
import { apiClient } from './support/api';
import { buildWeb, launchChromium, signIn } from './support/browser';
import { startTestCloud } from './support/cloud';

// @heavy: a browser and the whole local cloud (test/support/heavy.ts)

/**
 * The dashboards in a real browser (Debian's Chromium, headless) against the local cloud with
 * every domain and the demo company: the pages an employee uses, driven the way they would
 * (labels, buttons, keyboard-reachable controls), waiting for states rather than for time.
 */
let cloud: LocalCloud;
let browser: Browser;
const base = () => cloud.urls.gateway;
const api = apiClient(base);
/** One signed-in page per employee, reused across tests: every sign-in costs a scrypt KDF. */
const pages = new Map<string, Page>();

const demo = (email: string) => DEMO_COMPANY.find((login) => login.email.startsWith(email))!;
const tokens = new Map<string, string>();
async function tokenOf(login: DemoLogin) {
  if (!tokens.has(login.email)) {
    const answer = await api('/auth/login', {
      method: 'POST',
      body: { email: login.email, password: login.password },
    });
    expect(answer.status).toBe(200);
    tokens.set(login.email, answer.body.token);
  }
  return tokens.get(login.email)!;
}

async function open(login: DemoLogin) {
  const known = pages.get(login.email);
  if (known) {
    await known.goto(`${base()}/#/tasks`);
    await known.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    return known;
  }
  const page = await signIn(browser, base(), login);
  pages.set(login.email, page);
  return page;
}

beforeAll(async () => {
  await buildWeb(); // before the cloud starts: it picks web/dist/ as its web root
  cloud = await startTestCloud(SERVICES);
  // Imported once the cloud has put Auth's table and endpoint in the environment.
  const { seedDemoCompany } = await import('../local/seed-demo');
  await seedDemoCompany({ log: () => undefined });
  await cloud.settled(30_000); // Tasker knows every employee before a task is created
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const page of pages.values()) await page.context().close();
  await browser?.close();
  await cloud?.stop();
});

describe('dashboards in the browser', () => {
  let completedTitle = '';

  it('a worker creates a task (the API’s refusal beside its field), its assignee completes it', async () => {
    const creator = await open(demo('worker1'));
    expect(await creator.title()).toBe('Tasks · aTES');
    await creator.getByLabel('Title').fill('[UBERPOP-7] Polish the beak');
    await creator.getByRole('button', { name: 'Create task' }).click();
    await creator.locator('#task-title-error', { hasText: 'must not contain' }).waitFor();
    expect(await creator.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');

    completedTitle = `Polish the beak ${crypto.randomUUID().slice(0, 6)}`;
    await creator.getByLabel('Title').fill(completedTitle);
    await creator.getByLabel('Jira id').fill('UBERPOP-7');
    await creator.getByLabel('Description').fill('until it shines');
    await creator.getByRole('button', { name: 'Create task' }).click();
    await creator.getByText(`Created “${completedTitle}”`).waitFor();

    // Assignment is random: whoever got it signs in and completes it.
    const all = await api('/tasks?assignee=all', { token: await tokenOf(demo('admin')) });
    const task = all.body.tasks.find((t: { title: string }) => t.title === completedTitle);
    const users = await api('/auth/users', { token: await tokenOf(demo('admin')) });
    const assignee = users.body.users.find((u: { id: string }) => u.id === task.assignee_id);
    const worker = await open(demo(assignee.email));
    const row = worker.getByRole('row', { name: new RegExp(completedTitle) });
    await row.waitFor();
    expect(await row.textContent()).toContain('UBERPOP-7');
    await row.getByRole('button', { name: `Complete “${completedTitle}”` }).click();
    await worker.getByText(`Completed “${completedTitle}”.`).waitFor();
    await row.waitFor({ state: 'detached' });
    const after = await api(`/tasks/${task.id}`, { token: await tokenOf(demo('admin')) });
    expect(after.body.status).toBe('completed');
  });

  it('a worker sees the reward in the audit log', async () => {
    await cloud.settled(30_000); // the completion has reached the ledger
    // Whoever completed the task above sees its reward.
    const completer = (
      await api(`/tasks?assignee=all&status=completed`, {
        token: await tokenOf(demo('admin')),
      })
    ).body.tasks.find((t: { title: string }) => t.title === completedTitle);
    const users = await api('/auth/users', { token: await tokenOf(demo('admin')) });
    const who = users.body.users.find((u: { id: string }) => u.id === completer.assignee_id);
    const worker = await open(demo(who.email));
    await worker.getByRole('link', { name: 'Accounting' }).click();
    await worker.getByRole('heading', { level: 1, name: 'Accounting' }).waitFor();
    const reward = worker.locator('[data-testid="me-audit-log"] tr.entry-reward', {
      hasText: completedTitle,
    });
    await reward.waitFor();
    expect(await reward.textContent()).toMatch(/UBERPOP-7.*until it shines.*\$\d+\.00/);
  });

  it('a manager reshuffles and watches the job finish', async () => {
    const token = await tokenOf(demo('worker2'));
    for (const n of [1, 2, 3])
      expect(
        (await api('/tasks', { method: 'POST', token, body: { title: `Shuffle me ${n}` } })).status,
      ).toBe(201);
    const page = await open(demo('manager'));
    await page.getByRole('heading', { name: 'Everyone’s tasks' }).waitFor();
    await page.getByLabel('Status').selectOption('open');
    await page.getByRole('row', { name: /Shuffle me 3/ }).waitFor();
    await page.getByRole('button', { name: 'Reshuffle open tasks' }).click();
    const done = page.getByText(/Reshuffle finished: \d+ of (\d+) open tasks reassigned/);
    await done.waitFor({ timeout: 30_000 });
    const [, total] = /of (\d+) open/.exec((await done.textContent())!)!;
    expect(Number(total)).toBeGreaterThanOrEqual(3);
    expect(await page.getByRole('button', { name: 'Reshuffle open tasks' }).isEnabled()).toBe(true);
  });

  it('an admin manages users: a refused field, create, change role, deactivate', async () => {
    const page = await open(demo('admin'));
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    const email = `tester-${crypto.randomUUID().slice(0, 6)}@uberpopug.test`;
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Name', { exact: true }).fill('Tester Popug');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create employee' }).click();
    await page.locator('#new-password-error', { hasText: 'at least 8' }).waitFor();

    await page.getByLabel('Password').fill('long enough password');
    await page.getByRole('button', { name: 'Create employee' }).click();
    await page.getByText('Created Tester Popug (worker).').waitFor();
    const role = page.getByLabel(`Role of ${email}`);
    await role.selectOption('accountant');
    await page.getByRole('button', { name: `Save ${email}` }).click();
    await page.getByText('Saved Tester Popug.').waitFor();
    await page.getByRole('button', { name: `Deactivate ${email}` }).click();
    await page
      .getByRole('row', { name: new RegExp(email) })
      .getByRole('cell', { name: 'deactivated', exact: true })
      .waitFor();

    const users = await api('/auth/users', { token: await tokenOf(demo('admin')) });
    const user = users.body.users.find((u: { email: string }) => u.email === email);
    expect(user).toMatchObject({ role: 'accountant', active: false });
  });

  it('a worker sees no analytics or users, cannot open them, and the API refuses them', async () => {
    const page = await open(demo('worker1'));
    const nav = page.getByRole('navigation', { name: 'Pages' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Tasks', 'Accounting']);
    for (const [hash, title] of [
      ['#/analytics', 'Analytics'],
      ['#/users', 'Users'],
    ]) {
      await page.goto(`${base()}/${hash}`);
      await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
      expect(await page.getByRole('alert').textContent()).toContain(`${title} is for admins only`);
    }
    const token = await tokenOf(demo('worker1'));
    expect((await api('/auth/users', { token })).status).toBe(403);
    expect((await api('/analytics/dashboard', { token })).status).toBe(403);
  });

  it('sign-out, and an expired or refused token back to sign-in with a message', async () => {
    const page = await signIn(browser, base(), demo('worker4'));
    pages.set('worker4 (session tests)', page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByText('Your session has expired').count()).toBe(0);

    // By keyboard alone: the heading has focus, Tab reaches each labelled field, Enter submits.
    const worker4 = demo('worker4');
    await page.keyboard.press('Tab');
    await page.keyboard.type(worker4.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(worker4.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('ates.session')!);
      session.token = session.token.slice(0, -6) + 'AAAAAA'; // the signature no longer holds
      sessionStorage.setItem('ates.session', JSON.stringify(session));
    });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByText('Your session has expired').waitFor();

    // A session past its token's `exp` ends on load, without asking the API.
    await page.evaluate(() => {
      const user = { id: 'x', email: 'x@uberpopug.test', name: 'X', role: 'worker', active: true };
      const expired = { token: 'a.b.c', user, expiresAt: Date.now() - 1000 };
      sessionStorage.setItem('ates.session', JSON.stringify(expired));
    });
    await page.goto(`${base()}/#/tasks`);
    await page.reload();
    await page.getByText('Your session has expired').waitFor();
    expect(page.url()).toMatch(/#\/sign-in$/);
  });

  it('an admin closes the day and sees management earnings on accounting and analytics', async () => {
    await cloud.settled(30_000);
    const page = await open(demo('admin'));
    await page.getByRole('link', { name: 'Accounting' }).click();
    await page.getByRole('button', { name: 'Close day and pay out' }).click();
    await page.getByText(/closed: \d+ paid, total/).waitFor({ timeout: 30_000 });
    await cloud.settled(30_000);

    const token = await tokenOf(demo('admin'));
    const accounting = (await api('/accounting/dashboard', { token })).body;
    const earnings = accounting.today.management_earnings_cents as number;
    const shown = (cents: number) =>
      `${cents < 0 ? '−' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;
    await page.reload();
    await page.getByTestId('accounting-earnings-today').getByText(shown(earnings)).waitFor();

    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByTestId('analytics-earnings').getByText(shown(earnings)).waitFor();
    await page.getByRole('heading', { name: 'Most expensive task' }).waitFor();
  });
});
