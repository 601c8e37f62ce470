import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../local/cloud';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Builds the dashboards into `web/dist/` (a second or two), so the local cloud serves the pages
 * as they are in `web/src` now: a fresh clone needs no separate build step before the tests.
 */
export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(REPO_ROOT, 'web', 'vite.config.ts'), logLevel: 'error' });
  if (!existsSync(join(REPO_ROOT, 'web', 'dist', 'index.html')))
    throw new Error('the web build wrote no web/dist/index.html');
}

/** Headless Chromium with the flags that keep it quiet and working as root in a container. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH to a Chromium binary)`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Opens the dashboards in a fresh context (its own session) and signs in through the form. */
export async function signIn(
  browser: Browser,
  baseUrl: string,
  login: { email: string; password: string },
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('E-mail').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
  return page;
}
