import { execFile } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../local/cloud/local-cloud';

/**
 * Debian's Chromium headless shell (`apt-get install chromium-headless-shell`; `.ci/run`
 * installs it): the same Blink and V8 as the browser, without the browser's own window UI.
 * The full browser in headless mode still runs its own UI (a WebUI renderer beside the pages)
 * and a heavier browser process: the browser test's Chromium processes took 64 s of CPU in it
 * and 26 s in the shell (test/README.md). Without the shell: the full browser (`chromium`).
 */
export const CHROMIUM =
  process.env.CHROMIUM_PATH ??
  ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium'].find((path) =>
    existsSync(path),
  ) ??
  '/usr/lib/chromium/chromium-headless-shell';

/**
 * Builds the dashboards into `web/dist/` (a few seconds) unless it is newer than every source,
 * so a fresh clone needs no separate build step before the tests. The build goes to a scratch
 * folder that then replaces `web/dist/` in one rename: infra's tests, running in parallel,
 * synthesize the web stack from whatever `web/dist/` holds and must never see half a build.
 * (The business time zone is baked in at build time; a rebuild for another zone is
 * `npm run build:web`.)
 */
export async function buildWeb(): Promise<void> {
  const web = join(REPO_ROOT, 'web');
  const dist = join(web, 'dist');
  if (
    builtAfter(join(dist, 'index.html'), [
      join(web, 'index.html'),
      join(web, 'vite.config.ts'),
      join(web, 'src'),
    ])
  )
    return;
  const scratch = join(web, `.dist-${process.pid}`);
  // A process of its own: under vitest NODE_ENV is "test", and Vite would build for it.
  await run(join(REPO_ROOT, 'node_modules', '.bin', 'vite'), [
    'build',
    '--config',
    join(web, 'vite.config.ts'),
    '--outDir',
    scratch,
    '--emptyOutDir',
    '--logLevel',
    'error',
  ]);
  if (!existsSync(join(scratch, 'index.html')))
    throw new Error('the web build wrote no index.html');
  const old = join(web, `.dist-old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(scratch, dist);
  rmSync(old, { recursive: true, force: true });
}

const execFileAsync = promisify(execFile);
const run = (file: string, args: string[]) =>
  execFileAsync(file, args, { env: { ...process.env, NODE_ENV: 'production' } });

/** Whether `output` exists and is newer than every file under `sources`. */
function builtAfter(output: string, sources: string[]): boolean {
  if (!existsSync(output)) return false;
  const builtAt = statSync(output).mtimeMs;
  const newest = (path: string): number =>
    statSync(path).isDirectory()
      ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
      : statSync(path).mtimeMs;
  return sources.every((source) => newest(source) < builtAt);
}

/** Headless Chromium with the flags that keep it quiet and working as root in a container. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: apt-get install chromium-headless-shell (or set CHROMIUM_PATH to a Chromium binary)`,
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

/**
 * Every content-security-policy violation a page opened by signIn reported, as "directive
 * blocked-URI at source:line". The pages are served with the policy CloudFront sends
 * (web/security-headers.ts), so an empty list means the dashboards work under it.
 */
export const cspViolations: string[] = [];

/** Records the `securitypolicyviolation` events of every page of `context`, across navigations. */
async function recordCspViolations(context: BrowserContext) {
  await context.exposeBinding('atesCspViolation', (_source, violation: string) => {
    cspViolations.push(violation);
  });
  await context.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
    window.atesCspViolation(e.effectiveDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));`);
}

/** Opens the dashboards in a fresh context (its own session) and signs in through the form. */
export async function signIn(
  browser: Browser,
  baseUrl: string,
  login: { email: string; password: string },
  viewport: { width: number; height: number } = DESK,
  /** The browser's clock, when the local cloud's business clock was moved (ms since 1970). */
  now?: number,
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  if (now !== undefined) await context.clock.install({ time: now });
  await recordCspViolations(context);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await fillSignIn(page, login);
  await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
  return page;
}

/** A desk's screen and a phone's (iPhone 12–15 in CSS pixels). */
export const DESK = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * Gives `page` the window size `viewport` (unless it has it already) and waits two frames, so
 * the page's own resize listeners (the charts size themselves in one) have run before anything
 * is measured.
 */
export async function resizeTo(page: Page, viewport: { width: number; height: number }) {
  const size = page.viewportSize();
  if (size?.width !== viewport.width || size.height !== viewport.height)
    await page.setViewportSize(viewport);
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
}

/** Types the login into the sign-in form and submits it. */
export async function fillSignIn(page: Page, login: { email: string; password: string }) {
  await page.getByLabel('E-mail').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Waits until nothing on the page says it is loading. */
export const settledPage = (page: Page) =>
  page.waitForFunction(() => document.querySelector('.loading') === null);

/**
 * How much wider than the window the page is (0 when nothing sticks out sideways), and the
 * element sticking out furthest, to name in a failure.
 */
export const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => {
    let culprit = '';
    let right = window.innerWidth;
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      if (box.right > right && !element.parentElement?.closest('.table-box, .chart')) {
        right = box.right;
        culprit = `${element.tagName.toLowerCase()}.${element.className} ${element.textContent?.slice(0, 40)}`;
      }
    }
    return { by: document.documentElement.scrollWidth - window.innerWidth, culprit };
  });
