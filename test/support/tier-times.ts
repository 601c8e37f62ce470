import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints, at the end of a run, each tier's wall time (from its first file's start to its last
 * file's end) and the time its files took summed, then the run's own wall time, so CI's log
 * shows what each tier costs against its budget (test/README.md). In `npm test` the tiers
 * overlap (two files run at once, from any tier), so their wall times add up to more than
 * the run's.
 */
export default class TierTimes implements Reporter {
  private runStarted = 0;
  private readonly tiers = new Map<string, { first: number; last: number; files: number }>();
  private readonly fileTime = new Map<string, number>();

  onTestRunStart() {
    this.runStarted = performance.now();
  }

  onTestModuleStart(module: TestModule) {
    const name = module.project.name || 'tests';
    const tier = this.tiers.get(name);
    if (tier) tier.files += 1;
    else this.tiers.set(name, { first: performance.now(), last: 0, files: 1 });
  }

  onTestModuleEnd(module: TestModule) {
    const name = module.project.name || 'tests';
    this.tiers.get(name)!.last = performance.now();
    const d = module.diagnostic();
    const took = d.prepareDuration + d.setupDuration + d.collectDuration + d.duration;
    this.fileTime.set(name, (this.fileTime.get(name) ?? 0) + took);
  }

  onTestRunEnd() {
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`.padStart(8);
    const lines = [...this.tiers].map(
      ([name, t]) =>
        `  ${name.padEnd(12)} ${String(t.files).padStart(3)} files ${s(t.last - t.first)} wall ${s(this.fileTime.get(name) ?? 0)} in files`,
    );
    const total = s(performance.now() - this.runStarted);
    process.stdout.write(`\nTier times\n${lines.join('\n')}\n  ${'all'.padEnd(22)}${total} wall\n`);
  }
}
