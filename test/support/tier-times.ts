import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints, at the end of a run, each tier's wall time (from its first file's start to its last
 * file's end; the tiers of one run overlap) and the run's own, so CI's log shows what each
 * tier costs against its budget (test/README.md).
 */
export default class TierTimes implements Reporter {
  private runStarted = 0;
  private readonly tiers = new Map<string, { first: number; last: number; files: number }>();

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
    this.tiers.get(module.project.name || 'tests')!.last = performance.now();
  }

  onTestRunEnd() {
    const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
    const lines = [...this.tiers].map(
      ([name, t]) =>
        `  ${name.padEnd(12)} ${String(t.files).padStart(3)} files  ${seconds(t.first, t.last)} wall`,
    );
    const total = seconds(this.runStarted, performance.now());
    process.stdout.write(`\nTier times\n${lines.join('\n')}\n  ${'all'.padEnd(22)}${total} wall\n`);
  }
}
