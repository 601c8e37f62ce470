/**
 * `npm run screenshots`: a PNG of every dashboard page in docs/screenshots/, as each role sees
 * it. Builds web/dist, starts the local cloud in memory with the demo company, adds a few tasks
 * (some completed), signs in per role in headless Chromium and photographs each page once it
 * has finished loading. Pages whose API is not running show its error, as a user would see it.
 */
import '../local/cloud/quiet-sdk-notice';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT, startLocalCloud } from '../local/cloud/local-cloud';
import { DEMO_COMPANY, seedDemoCompany } from '../local/cloud/seed-demo';
import { buildWeb, launchChromium, PHONE, settledPage, signIn } from '../test/support/browser';

const OUT = join(REPO_ROOT, 'docs', 'screenshots');
mkdirSync(OUT, { recursive: true });

await buildWeb();
const cloud = await startLocalCloud({ inMemory: true, quiet: true, ses: false, scheduler: false });
let browser: Browser | undefined;
try {
  const base = cloud.urls.gateway;
  await seedDemoCompany({ log: () => undefined });
  await cloud.settled(30_000);
  const busiest = await seedTasks(base);
  await cloud.settled(30_000);

  browser = await launchChromium();
  const login = (role: string) => DEMO_COMPANY.find((l) => l.email.startsWith(role))!;

  const anonymous = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await anonymous.goto(`${base}/`);
  await anonymous.getByRole('heading', { name: 'Sign in' }).waitFor();
  await shoot(anonymous, 'sign-in');

  const worker = await signIn(browser, base, login(busiest));
  await visit(worker, 'tasks', 'tasks-worker');
  await visit(worker, 'accounting', 'accounting-worker');
  await visit(worker, 'analytics', 'not-allowed-worker');

  const manager = await signIn(browser, base, login('manager'));
  await visit(manager, 'tasks', 'reshuffle-confirm', async () => {
    await manager.getByRole('button', { name: 'Reshuffle open tasks' }).click();
    await manager.getByRole('dialog').waitFor();
  });
  await manager
    .getByRole('dialog')
    .getByRole('button', { name: /^Reshuffle \d+ tasks$/ })
    .click();
  await manager.getByText(/Reshuffle finished/).waitFor({ timeout: 30_000 });
  await settledPage(manager);
  await shoot(manager, 'tasks-manager');
  // A task's page, opened from the list: every assignment's fee by name, after the reshuffle.
  await openFirstTask(manager, 'task-manager');

  const admin = await signIn(browser, base, login('admin'));
  await visit(admin, 'accounting', 'accounting-admin');
  await visit(admin, 'analytics', 'analytics-admin');
  await visit(admin, 'users', 'users-admin');

  // The same pages on a phone (390×844).
  const phoneWorker = await signIn(browser, base, login(busiest), PHONE);
  await visit(phoneWorker, 'tasks', 'phone-tasks-worker');
  await openFirstTask(phoneWorker, 'phone-task-worker');
  const phoneManager = await signIn(browser, base, login('manager'), PHONE);
  await visit(phoneManager, 'tasks', 'phone-tasks-manager');
  const phoneAccountant = await signIn(browser, base, login('accountant'), PHONE);
  await visit(phoneAccountant, 'accounting', 'phone-accounting-accountant', async () => {
    await phoneAccountant.getByLabel('Find employee by name').fill('kiwi');
    await settledPage(phoneAccountant);
  });
  const phoneAdmin = await signIn(browser, base, login('admin'), PHONE);
  await visit(phoneAdmin, 'users', 'phone-users-admin');
} finally {
  await browser?.close();
  await cloud.stop();
}

/** A small, realistic day: tasks by several workers, some of them completed by their assignee. */
async function seedTasks(base: string) {
  const call = async (path: string, token: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body ?? {}),
    });
    return (await response.json()) as Record<string, unknown>;
  };
  const tokens = new Map<string, string>();
  const users = new Map<string, string>();
  const emails = new Map<string, string>();
  for (const employee of DEMO_COMPANY) {
    const answer = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: employee.email, password: employee.password }),
    });
    const { token, user } = (await answer.json()) as { token: string; user: { id: string } };
    tokens.set(user.id, token);
    users.set(employee.email, token);
    emails.set(user.id, employee.email);
  }
  const titles = [
    ['Polish the beak', 'UBERPOP-42', 'until it shines'],
    ['Count the millet', 'UBERPOP-43', 'the north silo'],
    ['Oil the perch', 'UBERPOP-44', ''],
    ['Sing the morning report', 'UBERPOP-45', 'all verses'],
    ['Sort the feathers', null, 'by colour, then by length'],
    ['Teach Kiwi to fly', 'UBERPOP-47', 'small hops first'],
    ['Repaint the cage', 'UBERPOP-48', 'green this time'],
    ['Check the seed ledger', 'UBERPOP-49', ''],
    ['Trim the claws', 'UBERPOP-50', 'gently'],
    ['Refill the water bowls', 'UBERPOP-51', 'every floor'],
    ['Write the nest manual', 'UBERPOP-52', 'chapter 2: twigs'],
    ['Fix the squeaky swing', 'UBERPOP-53', ''],
  ] as const;
  const creators = [...users.values()];
  for (const [i, [title, jira_id, description]] of titles.entries()) {
    const creator = creators[i % creators.length]!;
    const task = await call('/tasks', creator, { title, jira_id, description });
    // Every third task is done already by whoever got it.
    if (i % 3 === 0)
      await call(`/tasks/${task.id}/complete`, tokens.get(String(task.assignee_id))!);
  }
  // The worker photographed is the one with the most open tasks (assignment is random).
  const open = await fetch(`${base}/tasks?assignee=all&status=open`, {
    headers: { authorization: `Bearer ${users.get('admin@uberpopug.test')}` },
  });
  const { tasks } = (await open.json()) as { tasks: { id: string; assignee_id: string }[] };
  const isWorker = (id: string) =>
    DEMO_COMPANY.some((l) => l.email === emails.get(id) && l.role === 'worker');
  const counts = new Map<string, number>();
  for (const task of tasks.filter((t) => isWorker(t.assignee_id)))
    counts.set(task.assignee_id, (counts.get(task.assignee_id) ?? 0) + 1);
  const [top] = [...counts].sort((a, b) => b[1] - a[1]);
  if (!top) return 'worker1@uberpopug.test';
  // …who has also completed one, so their audit log shows a reward beside the fees.
  const theirs = tasks.find((t) => t.assignee_id === top[0]);
  if (top[1] > 1 && theirs) await call(`/tasks/${theirs.id}/complete`, tokens.get(top[0])!);
  return emails.get(top[0])!;
}

async function visit(page: Page, route: string, name: string, act?: () => Promise<void>) {
  await page.goto(`${cloud.urls.gateway}/#/${route}`);
  await page.locator('main h1').waitFor();
  await settledPage(page);
  await act?.();
  await shoot(page, name);
}

/** Follows the first task link of the page's lists to that task's page. */
async function openFirstTask(page: Page, name: string) {
  await page.locator('main table tbody th a').first().click();
  await page.getByTestId('task-facts').waitFor();
  await page.getByTestId('task-history').waitFor();
  await settledPage(page);
  await shoot(page, name);
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  console.log(`docs/screenshots/${name}.png`);
}
