import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * The watchdog's whole program: it holds the read end of a pipe from the parent. When the parent
 * dies — even by SIGKILL, where no exit handler runs — the OS closes the pipe, and the watchdog
 * kills the child. It leaves on its own when the child is gone.
 */
const WATCHDOG = `
const pid = Number(process.argv[1]);
const killChild = () => { try { process.kill(pid, 'SIGKILL'); } catch {} process.exit(0); };
process.stdin.on('end', killChild);
process.stdin.on('close', killChild);
process.stdin.on('error', killChild);
process.stdin.resume();
setInterval(() => { try { process.kill(pid, 0); } catch { process.exit(0); } }, 1000);
`;

/**
 * Makes the process `pid` (a child of this one) die with this process, however this one ends.
 * The watchdog runs in its own process group, so a Ctrl-C or a group kill does not take it away
 * before it has done its job; it neither keeps this process alive nor prints anything.
 */
export function dieWithThisProcess(pid: number): { pid: number | undefined } {
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  watchdog.unref();
  (watchdog.stdin as unknown as Socket | null)?.unref();
  return { pid: watchdog.pid };
}
