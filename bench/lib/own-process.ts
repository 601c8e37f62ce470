import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs a TypeScript script (through tsx) in a Node process of its own and returns the JSON it
 * wrote to the file named by its first argument; `args` follow it. Its progress lines go to
 * this process's stderr. A benchmark block runs so (bench/run.ts), and so does the lifecycle's
 * drain: no run inherits another's DynamoDB Local, nor the SDK clients a process made for its
 * first cloud. Throws when the script fails (it said why on stderr).
 */
export function jsonFromOwnProcess<T>(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): T {
  const out = join(tmpdir(), `ates-bench-${process.pid}-${Date.now()}.json`);
  try {
    execFileSync(process.execPath, ['--import', 'tsx', script, out, ...args], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env,
    });
    return JSON.parse(readFileSync(out, 'utf8')) as T;
  } finally {
    rmSync(out, { force: true });
  }
}
