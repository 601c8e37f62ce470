import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../functions/services';
import type { LocalCloud } from '../local/cloud/local-cloud';
import { DEMO_COMPANY, type DemoLogin } from '../local/cloud/seed-demo';

interface DemoUser {
  id: string;
  email: string;
}
import { apiClient } from './support/api';
import { SECURITY_HEADERS } from '../web/security-headers';
import {
  buildWeb,
  cspViolations,
  DESK,
  fillSignIn,
  launchChromium,
  PHONE,
  resizeTo,
  settledPage,
  sidewaysOverflow,
  signIn,
} from './support/browser';
import { startTestCloud } from './support/cloud';
import { signIn as signInOverHttp } from './support/people';

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
  if (!tokens.has(login.email))
    tokens.set(login.email, await signInOverHttp(api, login.email, login.password));
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
  // Chromium starts while the cloud does: neither needs the other before the first page.
  const launched = launchChromium();
  launched.then((started) => (browser = started)).catch(() => undefined);
  await buildWeb(); // before the cloud starts: it picks web/dist/ as its web root
  cloud = await startTestCloud(SERVICES);
  // Imported once the cloud has put Auth's table and endpoint in the environment.
  const { seedDemoCompany } = await import('../local/cloud/seed-demo');
  await seedDemoCompany({ log: () => undefined });
  // Tasker knows every employee before a task is created (the consumers' first loads are slow on a
  // loaded machine: 30 s was seen to run out).
  await Promise.all([launched, cloud.settled(90_000)]);
}, 150_000);

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
    // The Complete button's label sits on the line of its task's title, not below it.
    const offset = await row.evaluate((tr) => {
      const firstLineBottom = (element: Element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        return range.getClientRects()[0]!.bottom;
      };
      return (
        firstLineBottom(tr.querySelector('th a')!) - firstLineBottom(tr.querySelector('button')!)
      );
    });
    expect(Math.abs(offset)).toBeLessThanOrEqual(2);
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

  it('a task page: from the audit log and from the lists, its assignee by name, price and history', async () => {
    const admin = await tokenOf(demo('admin'));
    const task = (
      await api('/tasks?assignee=all&status=completed&limit=100', { token: admin })
    ).body.tasks.find((t: { title: string }) => t.title === completedTitle);
    const users = (await api('/auth/users', { token: admin })).body.users as DemoUser[];
    const who = users.find((u) => u.id === task.assignee_id)!;
    const money = (cents: number) => `$${(Math.abs(cents) / 100).toFixed(2)}`;

    // The completer follows the reward in their audit log to the task.
    const worker = await open(demo(who.email));
    await worker.getByRole('link', { name: 'Accounting' }).click();
    await worker
      .locator('[data-testid="me-audit-log"] tr.entry-reward')
      .getByRole('link', { name: completedTitle })
      .click();
    await worker.getByRole('heading', { level: 1, name: completedTitle }).waitFor();
    expect(worker.url()).toContain(`#/tasks/${task.id}`);
    const facts = worker.getByTestId('task-facts');
    expect(await facts.textContent()).toMatch(/UBERPOP-7.*until it shines.*completed.*\(you\)/);
    expect(await worker.getByTestId('task-price').textContent()).toBe(
      `fee −${money(task.fee_cents)} · reward ${money(task.reward_cents)}`,
    );
    const history = worker.getByTestId('task-history');
    await history.getByRole('row', { name: /Completed: reward/ }).waitFor();
    expect(await history.getByRole('row', { name: /Assigned: fee/ }).textContent()).toContain(
      `−${money(task.fee_cents)}`,
    );
    // On a phone it fits the screen too.
    await worker.setViewportSize(PHONE);
    expect((await sidewaysOverflow(worker)).by).toBeLessThanOrEqual(0);
    await worker.setViewportSize(DESK);

    // A manager opens it from everyone's tasks: every assignment's fee, by name.
    const manager = await open(demo('manager'));
    await manager.getByLabel('Status').selectOption('completed');
    await manager.getByRole('link', { name: completedTitle }).click();
    await manager.getByRole('heading', { level: 1, name: completedTitle }).waitFor();
    const name = (await api('/auth/me', { token: await tokenOf(demo(who.email)) })).body.name;
    expect(await manager.getByTestId('task-assignee').textContent()).toContain(name);
    const rows = manager.getByTestId('task-history').locator('tbody tr');
    await rows.first().waitFor();
    const recorded = (await api(`/accounting/tasks/${task.id}`, { token: admin })).body;
    expect(recorded.scope).toBe('all');
    expect(await rows.count()).toBe(recorded.movements.length);
    expect(await rows.first().textContent()).toContain(name);
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
    // A dialog says how many open tasks will move before anything moves; Cancel moves none.
    const admin = await tokenOf(demo('admin'));
    const openCount = (await api('/tasks?assignee=all&status=open&limit=100', { token: admin }))
      .body.tasks.length as number;
    await page.getByRole('button', { name: 'Reshuffle open tasks' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reshuffle every open task?' });
    await dialog.getByText(`All ${openCount} open tasks go to a random worker`).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByText('Reshuffle finished').count()).toBe(0);

    await page.getByRole('button', { name: 'Reshuffle open tasks' }).click();
    await page.getByRole('button', { name: `Reshuffle ${openCount} tasks` }).click();
    const done = page.getByText(/Reshuffle finished: \d+ of (\d+) open tasks changed hands/);
    await done.waitFor({ timeout: 30_000 });
    const [, moved, total] = /(\d+) of (\d+) open/.exec((await done.textContent())!)!;
    expect(Number(total)).toBe(openCount);
    // The sentence adds up: those that changed hands and those that drew the same worker.
    const same = /; (\d+) drew the same worker again/.exec((await done.textContent())!)?.[1] ?? 0;
    expect(Number(moved) + Number(same)).toBe(openCount);
    expect(await page.getByRole('button', { name: 'Reshuffle open tasks' }).isEnabled()).toBe(true);

    // Assignees by name, and the filter found by typing a name.
    const assignees = await page.locator('table tbody td:nth-child(4)').allTextContents();
    expect(assignees.length).toBeGreaterThan(0);
    expect(assignees.filter((name) => /^employee /.test(name))).toEqual([]);
    await page.getByLabel('Find assignee by name').fill('kea');
    const kea = (await api('/auth/me', { token: await tokenOf(demo('worker2')) })).body.id;
    await expect.poll(() => page.getByLabel('Assignee', { exact: true }).inputValue()).toBe(kea);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('table tbody td:nth-child(4)')].every(
        (cell) => cell.textContent === 'Kea Worker',
      ),
    );
    // The directory is for those who see everyone's tasks.
    expect((await api('/tasks/people', { token })).status).toBe(403);
  });

  it('an accountant opens an employee’s audit log by name', async () => {
    const page = await open(demo('accountant'));
    await page.getByRole('link', { name: 'Accounting' }).click();
    await page.getByLabel('Find employee by name').fill('kiwi');
    await page.getByText('Kiwi Worker’s balance now').waitFor();
    await expect
      .poll(() => page.getByLabel('Employee', { exact: true }).inputValue())
      .toBe((await api('/auth/me', { token: await tokenOf(demo('worker1')) })).body.id);
    expect(
      (await api('/accounting/people', { token: await tokenOf(demo('worker1')) })).status,
    ).toBe(403);
  });

  it('an admin manages users: a refused field, create, change role, deactivate', async () => {
    const page = await open(demo('admin'));
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    // Every refused field at once, each beside its input in words, the hint not repeated.
    await page.getByRole('button', { name: 'Create employee' }).click();
    for (const field of ['email', 'name', 'password'])
      await page.locator(`#new-${field}-error`).waitFor();
    expect(await page.locator('#new-name-error').textContent()).toBe('Must not be empty.');
    expect(await page.locator('#new-password-hint').count()).toBe(0);
    // The admin's own role is not theirs to change: the choice is not offered.
    expect(await page.getByLabel(`Role of ${demo('admin').email}`).isDisabled()).toBe(true);

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
    // Search narrows the list to the one employee; the sort puts the newest first.
    await page.getByLabel('Search', { exact: true }).fill('tester popug');
    await page.waitForFunction(
      () => document.querySelectorAll('table.users tbody tr').length === 1,
    );
    await page.getByLabel('Search', { exact: true }).fill('');
    await page.getByLabel('Sort by').selectOption('created_at');
    expect(await page.locator('table.users tbody tr').first().textContent()).toContain(email);

    const users = await api('/auth/users', { token: await tokenOf(demo('admin')) });
    const user = users.body.users.find((u: { email: string }) => u.email === email);
    expect(user).toMatchObject({ role: 'accountant', active: false });

    await page.getByRole('button', { name: `Reactivate ${email}` }).click();
    await page.getByText('Tester Popug reactivated.').waitFor();
    await page
      .getByRole('row', { name: new RegExp(email) })
      .getByRole('cell', { name: 'active', exact: true })
      .waitFor();
    const again = await api('/auth/users', { token: await tokenOf(demo('admin')) });
    const tester = again.body.users.find((u: { email: string }) => u.email === email);
    expect(tester.active).toBe(true);
    // Out of the assignable pool again: later tests draw assignees among the demo logins.
    const admin = await tokenOf(demo('admin'));
    expect((await api(`/auth/users/${tester.id}`, { method: 'DELETE', token: admin })).status).toBe(
      200,
    );
    await cloud.settled(30_000);
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
    // (The heading takes focus once the page has rendered: a Tab before that starts elsewhere.)
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Sign in');
    const worker4 = demo('worker4');
    await page.keyboard.press('Tab');
    await page.keyboard.type(worker4.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(worker4.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('ates.session')!);
      session.token = session.token.slice(0, -6) + 'AAAAAA'; // the signature no longer holds
      localStorage.setItem('ates.session', JSON.stringify(session));
    });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByText('Your session has expired').waitFor();

    // A session past its token's `exp` ends on load, without asking the API.
    await page.evaluate(() => {
      const user = { id: 'x', email: 'x@uberpopug.test', name: 'X', role: 'worker', active: true };
      const expired = { token: 'a.b.c', user, expiresAt: Date.now() - 1000 };
      localStorage.setItem('ates.session', JSON.stringify(expired));
    });
    await page.goto(`${base()}/#/tasks`);
    await page.reload();
    await page.getByText('Your session has expired').waitFor();
    expect(page.url()).toMatch(/#\/sign-in$/);
  });

  it('keeps a session alive in two tabs while someone works, and ends it after 30 idle minutes', async () => {
    // A fake clock in both tabs (one context, one localStorage): minutes pass in milliseconds.
    const context = await browser.newContext({ viewport: DESK });
    await context.clock.install();
    const refreshes: string[] = [];
    const inFlight = new Set<unknown>();
    context.on('request', (request) => {
      if (!request.url().endsWith('/auth/refresh')) return;
      refreshes.push(`${request.frame().page() === first ? 'first' : 'second'} at ${minute}`);
      inFlight.add(request);
    });
    context.on('requestfinished', (request) => void inFlight.delete(request));
    context.on('requestfailed', (request) => void inFlight.delete(request));
    /** Minute by minute, letting each refresh answer before time moves on, as it would. */
    let minute = 0;
    const minutes = async (count: number) => {
      for (let i = 0; i < count; i++) {
        minute++;
        await context.clock.runFor(60_000);
        await expect.poll(() => inFlight.size).toBe(0);
      }
    };
    let first: Page | undefined = undefined;
    const storedToken = (page: Page) =>
      page.evaluate(() => JSON.parse(localStorage.getItem('ates.session') ?? 'null')?.token);

    // A tab opened at a page asks to sign in, then lands on that page, not on Tasks.
    first = await context.newPage();
    await first.goto(`${base()}/#/accounting`);
    await fillSignIn(first, demo('worker5'));
    await first.getByRole('heading', { level: 1, name: 'Accounting' }).waitFor();
    // A second tab finds the session: no sign-in.
    const second = await context.newPage();
    await second.goto(`${base()}/#/tasks`);
    await second.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    const signedInWith = await storedToken(second);

    // Twenty minutes of someone typing now and then: tokens (10 min) are refreshed, one
    // refresh for both tabs each time, and what was typed stays.
    for (const part of ['Half-', 'typed ', 'title']) {
      await second.getByLabel('Title').pressSequentially(part);
      await minutes(7);
    }
    // Tokens (10 min) were refreshed, once for both tabs at a time (Web Locks), and never more
    // than once per tab per token. The exact count is not asserted: on a loaded machine a
    // refresh can start after the fake clock has moved on (seen: minute 15, not 9), and a tab can
    // repeat the other's refresh when localStorage reaches it late. What matters follows: the
    // session lived through 21 minutes on a new token, the text stayed, the API takes the token.
    expect(refreshes.length, refreshes.join(', ')).toBeGreaterThanOrEqual(1);
    expect(refreshes.length, refreshes.join(', ')).toBeLessThanOrEqual(4);
    expect(await storedToken(first)).not.toBe(signedInWith);
    expect(await second.getByLabel('Title').inputValue()).toBe('Half-typed title');
    await first.getByRole('heading', { level: 1, name: 'Accounting' }).waitFor();
    // The refreshed token is one the API accepts.
    const refreshed = await storedToken(first);
    expect((await api('/accounting/me', { token: refreshed })).status).toBe(200);

    // Nobody touches anything: within 30 idle minutes plus a token's life, both tabs end.
    await minutes(42);
    for (const tab of [first, second]) {
      await tab.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await tab.getByText('Your session has expired').waitFor();
    }
    // Signing in again in one tab brings each back to its page, the half-typed title kept.
    await fillSignIn(second, demo('worker5'));
    await second.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    expect(await second.getByLabel('Title').inputValue()).toBe('Half-typed title');
    await first.getByRole('heading', { level: 1, name: 'Accounting' }).waitFor();
    await context.close();
  });

  it('every page fits a phone (390×844) and a desk for every role; long words wrap', async () => {
    // A 5,000-character description without a space: the most the API accepts, and one more
    // refused with a clear 400-class answer naming the field.
    const worker = await tokenOf(demo('worker3'));
    const long = 'x'.repeat(5000);
    const title = `Long words ${crypto.randomUUID().slice(0, 6)}`;
    const created = await api('/tasks', {
      method: 'POST',
      token: worker,
      body: { title, description: long },
    });
    expect(created.status).toBe(201);
    const tooLong = await api('/tasks', {
      method: 'POST',
      token: worker,
      body: { title, description: `${long}x` },
    });
    expect(tooLong.status).toBeGreaterThanOrEqual(400);
    expect(tooLong.status).toBeLessThan(500);
    expect(tooLong.body.error.code).toBe('description_too_long');
    const admin = await tokenOf(demo('admin'));
    const longName = await api('/auth/users', {
      method: 'POST',
      token: admin,
      body: { email: 'long@uberpopug.test', name: 'N'.repeat(101), role: 'worker', password: '' },
    });
    expect(longName.status).toBe(400);
    expect(longName.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'name',
      'password',
    ]);
    const users = (await api('/auth/users', { token: admin })).body.users as DemoUser[];
    const assignee = users.find((u) => u.id === created.body.assignee_id)!;

    // Each role's signed-in page (one reused from the tests above when there is one), reloaded so
    // it starts as a new tab would, visits each of the role's pages once and measures it at the
    // size it has, then at the other: a resize lays the same page out again, cheaper than a
    // sign-in and a visit per size, and the next page starts at the size this one ended at (so
    // pages are loaded on a phone as well as resized to one).
    // The assignee may be the accountant (any employee but a manager or an admin takes tasks):
    // then the accountant's visit is the assignee's, once.
    const roles = [demo('admin'), demo('manager'), demo('accountant')];
    const logins = roles.some((login) => login.email === assignee.email)
      ? roles
      : [...roles, demo(assignee.email)];
    let wrapped = 0;
    for (const login of logins) {
      const page = await open(login);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
      const links = await page
        .getByRole('navigation', { name: 'Pages' })
        .getByRole('link')
        .allTextContents();
      // The long-word task's own page, for every role (the accountant sees its money only).
      const hashes = new Set([
        ...links.map((l) => `#/${l.toLowerCase()}`),
        '#/users',
        `#/tasks/${created.body.id}`,
      ]);
      for (const hash of hashes) {
        await page.goto(`${base()}/${hash}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await settledPage(page);
        // The assignee's list shows the long-word task, its word wrapped onto many lines.
        const longRow =
          login.email === assignee.email && hash === '#/tasks'
            ? page.getByRole('row', { name: new RegExp(title) })
            : undefined;
        await longRow?.waitFor();
        const sizes = page.viewportSize()?.width === PHONE.width ? [PHONE, DESK] : [DESK, PHONE];
        for (const viewport of sizes) {
          await resizeTo(page, viewport);
          const overflow = await sidewaysOverflow(page);
          expect(
            overflow.by,
            `${login.email} on ${hash} at ${viewport.width}px: ${overflow.culprit}`,
          ).toBeLessThanOrEqual(0);
          // The header wraps: Sign out stays on the screen.
          const signOut = (await page.getByRole('button', { name: 'Sign out' }).boundingBox())!;
          expect(signOut.x + signOut.width).toBeLessThanOrEqual(viewport.width);
          if (!longRow) continue;
          expect((await longRow.boundingBox())!.height).toBeGreaterThan(100);
          wrapped++;
        }
      }
    }
    expect(wrapped, 'the long word measured on a phone and a desk').toBe(2);
  });

  it('an admin closes an ended day after a dialog; a refused or closed date says so beside it', async () => {
    // Run alone, no test above made a movement today: a task's assignment fee is one.
    const admin = await tokenOf(demo('admin'));
    if ((await api('/tasks?assignee=all&limit=1', { token: admin })).body.tasks.length === 0) {
      const body = { title: 'A day with a movement' };
      const token = await tokenOf(demo('worker1'));
      expect((await api('/tasks', { method: 'POST', token, body })).status).toBe(201);
    }
    await cloud.settled(30_000);
    // The demo's tasks were made today, and only an ended day with movements can close: end the
    // day with the local business clock (POST /_local/clock), as a person would in a demo. Tokens
    // and pages opened before are now a day old, so it runs after the other tests.
    const { now } = (await api('/_local/clock')).body as { now: string };
    const midnight = new Date(now);
    midnight.setUTCHours(24, 0, 1, 0);
    const moved = await api('/_local/clock', {
      method: 'POST',
      body: { advance_ms: midnight.getTime() - Date.parse(now) },
    });
    expect(moved.status).toBe(200);
    tokens.clear();
    pages.clear();
    // The browser's own clock is a day behind the business clock (as the machine's real clock
    // is here): the form takes its day from Accounting, not from the browser.
    const page = await signIn(browser, base(), demo('admin'), DESK, Date.now() - 86_400_000);
    const notFound: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /\b404\b/.test(message.text()))
        notFound.push(message.text());
    });
    await page.getByRole('link', { name: 'Accounting' }).click();
    // Today is still running: the form offers yesterday (the business zone is UTC here).
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const date = page.getByLabel(/Business day/);
    await expect.poll(() => date.inputValue(), { timeout: 10_000 }).toBe(yesterday);
    await page
      .getByRole('button', { name: 'Close day and pay out' })
      .and(page.locator(':enabled'))
      .waitFor();

    // A day not over is refused, with the API's reason beside the date; choosing another date
    // leaves no stale message.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await date.fill(tomorrow);
    await page.getByRole('button', { name: 'Close day and pay out' }).click();
    await page.getByRole('button', { name: `Close ${tomorrow} and pay out` }).click();
    await page.locator('#close-date-error').waitFor();
    await date.fill(yesterday);
    await page.locator('#close-date-error').waitFor({ state: 'detached' });

    // Cancel closes nothing; confirm closes, with progress counted in accounts.
    await page.getByRole('button', { name: 'Close day and pay out' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/paid what they earned up to the end of/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const token = await tokenOf(demo('admin'));
    expect((await api(`/accounting/closes/${yesterday}`, { token })).status).toBe(404);
    await page.getByRole('button', { name: 'Close day and pay out' }).click();
    await page.getByRole('button', { name: `Close ${yesterday} and pay out` }).click();
    await page.getByText(/closed: \d+ paid, total/).waitFor({ timeout: 30_000 });
    await cloud.settled(30_000);
    const accounting = (await api('/accounting/dashboard', { token })).body;
    const earnings = accounting.today.management_earnings_cents as number;
    const shown = (cents: number) =>
      `${cents < 0 ? '−' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;

    // The same date again, loaded afresh: when and by whom, and no button to press.
    await page.reload();
    await page
      .getByTestId('already-closed')
      .getByText(/already closed on .* by Ara Admin/)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Close day and pay out' }).isDisabled()).toBe(
      true,
    );
    // Looking up a date never closed was an ordinary answer, not a 404 in the console.
    expect(notFound).toEqual([]);

    // The closed days: who closed each and when, on a desk and on a phone.
    const closedDay = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'UTC',
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    }).format(new Date(`${yesterday}T12:00:00Z`));
    const closedRow = page.getByTestId('closed-days').getByRole('row', { name: closedDay });
    await closedRow.waitFor();
    expect(await closedRow.textContent()).toMatch(/Ara Admin.*paid out \(\d+ accounts\)/);
    await page.getByTestId('accounting-earnings-today').getByText(shown(earnings)).waitFor();
    await page.setViewportSize(PHONE);
    expect((await sidewaysOverflow(page)).by).toBeLessThanOrEqual(0);
    await page.setViewportSize(DESK);

    // Analytics takes its day from the browser's clock: the same browser, its clock put right
    // (the session holds: its token is the business clock's, minutes old).
    await page.clock.setSystemTime(Date.now());
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByTestId('analytics-earnings').getByText(shown(earnings)).waitFor();
    await page.getByRole('heading', { name: 'Most expensive task' }).waitFor();
    await page.context().close();
  });

  // Last: every page above ran under the content security policy CloudFront sends.
  it('no page broke the content security policy the dashboards are served with', async () => {
    // The headers are the gateway's, whoever asks: no sign-in needed to read them.
    const answer = await fetch(`${base()}/`);
    for (const [header, value] of Object.entries(SECURITY_HEADERS)) {
      expect(answer.headers.get(header)).toBe(value);
    }
    expect(cspViolations).toStrictEqual([]);
  });
});
