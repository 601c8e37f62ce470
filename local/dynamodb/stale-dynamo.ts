import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';

const ownerSchema = z.object({
  javaPid: z.number().int(),
  ownerPid: z.number().int(),
  port: z.number(),
});
export type DynamoOwner = z.infer<typeof ownerSchema>;

/** Records which process started DynamoDB Local, so a later start can tell a stale one. */
export function writeOwner(file: string, owner: DynamoOwner) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(owner));
}

export function removeOwner(file: string, javaPid: number) {
  if (readOwner(file)?.javaPid === javaPid) rmSync(file, { force: true });
}

function readOwner(file: string): DynamoOwner | undefined {
  try {
    return ownerSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The command line of a process, to be sure a recorded pid is still our Java, not a reused pid. */
function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    try {
      return execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
    } catch {
      return '';
    }
  }
}

/**
 * A DynamoDB Local a previous run started and left behind when it died (its owner is gone, the
 * Java process is not): stop it, so this start can take its port. One whose owner still runs is
 * another live cloud's and is left alone. Returns the pid it stopped, if any.
 */
export async function stopStaleDynamo(file: string): Promise<number | undefined> {
  const owner = readOwner(file);
  if (!owner || isAlive(owner.ownerPid)) return undefined;
  rmSync(file, { force: true });
  const { javaPid } = owner;
  if (!isAlive(javaPid) || !commandLineOf(javaPid).includes('DynamoDBLocal')) return undefined;
  process.kill(javaPid, 'SIGTERM');
  for (let waited = 0; isAlive(javaPid); waited += 100) {
    if (waited === 3000) process.kill(javaPid, 'SIGKILL');
    if (waited > 10_000)
      throw new Error(`DynamoDB Local (pid ${javaPid}) left by a dead run will not stop`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return javaPid;
}
