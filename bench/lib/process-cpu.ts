import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU milliseconds (user + system) so far of this process and of its direct children
 * (DynamoDB Local's Java), the children's read from /proc (0 where /proc is absent).
 */
export function processCpuMs(): { node: number; children: number } {
  const node = process.cpuUsage();
  return {
    node: (node.user + node.system) / 1000,
    children: (childTicks() * 1000) / CLOCK_TICKS_PER_SECOND,
  };
}

/** utime + stime of this process's direct children, in clock ticks. */
function childTicks(): number {
  let ticks = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state ppid … utime(14) stime(15).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks;
}
