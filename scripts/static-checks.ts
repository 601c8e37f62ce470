/**
 * The checks that need no running system, side by side: the type check, the linter and the
 * formatter each wait on one core for most of their run, so together they take about as long
 * as the type check alone. Each one's output is printed whole when it ends, never interleaved;
 * the exit code is non-zero when any of them failed.
 *
 *   npm run checks
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

// `ATES_CHECKS_BESIDE=1 npm test` runs the checks beside the tests at a lower priority
// (scripts/test-all.ts); the three checks inherit it.
const priority = Number(process.env.ATES_CHECKS_PRIORITY ?? 0);
if (priority > 0) setPriority(priority);

const CHECKS = [
  { name: 'typecheck', args: ['run', '-s', 'typecheck'] },
  { name: 'lint', args: ['run', '-s', 'lint'] },
  { name: 'format', args: ['run', '-s', 'format:check'] },
] as const;

interface Outcome {
  name: string;
  ok: boolean;
  seconds: number;
}

function run(name: string, args: readonly string[]): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    const finish = (ok: boolean) => {
      const seconds = (performance.now() - started) / 1000;
      const text = Buffer.concat(output).toString().trimEnd();
      process.stdout.write(
        `${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds.toFixed(1)} s)\n${text ? `${text}\n` : ''}`,
      );
      resolve({ name, ok, seconds });
    };
    child.on('error', (error) => {
      output.push(Buffer.from(String(error)));
      finish(false);
    });
    child.on('close', (code) => finish(code === 0));
  });
}

const outcomes = await Promise.all(CHECKS.map((check) => run(check.name, check.args)));
const failed = outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.name);
if (failed.length > 0) {
  console.error(`static checks failed: ${failed.join(', ')}`);
  process.exit(1);
}
