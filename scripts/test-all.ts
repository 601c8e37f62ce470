/**
 * `npm test`: the static checks (`npm run checks`), then the three test tiers (`vitest run`) if
 * they passed. Arguments go to vitest (`npm test -- test/journey.system.test.ts`).
 * ATES_CHECKS_BESIDE=1 runs the checks beside vitest instead, at a lower CPU priority, their
 * report printed after vitest's and a failed check failing the command. On a quiet 2-core
 * machine that was the slower of the two (fresh clone, one run each: 350 s beside, 331 s first):
 * even at niceness 10 the checks took CPU the system tier's clouds were waiting for.
 *
 *   npm test
 */
import { spawn } from 'node:child_process';

/** Niceness of the checks: they yield the CPU to the tests and take what the tests leave. */
const CHECKS_PRIORITY = 10;

interface Finished {
  code: number;
  output: string;
}

function runChecks(captured: boolean): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', 'checks'], {
      stdio: captured ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: captured
        ? { ...process.env, ATES_CHECKS_PRIORITY: String(CHECKS_PRIORITY) }
        : process.env,
    });
    const output: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${String(error)}\n`)));
    child.on('close', (code) =>
      resolve({ code: code ?? 1, output: Buffer.concat(output).toString() }),
    );
  });
}

function runVitest(args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('vitest', ['run', ...args], { stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const vitestArgs = process.argv.slice(2);
if (process.env.ATES_CHECKS_BESIDE !== '1') {
  const checks = await runChecks(false);
  process.exit(checks.code === 0 ? await runVitest(vitestArgs) : checks.code);
}

const [checks, tests] = await Promise.all([runChecks(true), runVitest(vitestArgs)]);
process.stdout.write(`\nStatic checks (run beside the tests)\n${checks.output}`);
if (checks.code !== 0) console.error('npm test: the static checks failed (above)');
process.exit(tests !== 0 ? tests : checks.code);
