import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * A V8 CPU profile of this process while `work` runs, written to `file` (a `.cpuprofile` that
 * Chrome's DevTools open; `bench/cpu-profile-summary.ts` groups it). Without `file`, `work`
 * alone: the bench takes a profile only when asked (`ATES_BENCH_CPU_PROFILE=<file>`), since
 * sampling costs CPU of its own. Scoped to the work, unlike `node --cpu-prof`, so the company's
 * hiring (scrypt) and the replays after the run stay out of it.
 */
export async function profiledIf<T>(file: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}
