import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that start first, in this order, on every machine. Without it vitest orders a
 * fresh clone (no results cache, as in CI) by file size. DynamoDB Local slows down on stream
 * tables created after many stream records exist in the same engine, so where a heavy file
 * starts matters: the soak, started after the reshuffle tests on its engine, took 125–139 s
 * instead of 35–40. The soak and the concurrency race (engines of their own at the start) go
 * first, then the other long files, so they overlap the many short ones at the end.
 */
export const STARTS_FIRST = [
  'test/concurrency.system.test.ts',
  'test/soak.system.test.ts',
  'test/web.browser.test.ts',
  // Runs the CDK CLI (npm run synth, bundling every function): minutes of CPU, mostly alone.
  'infra/cdk-cli.test.ts',
  'test/fuzz.system.test.ts',
  'test/auth-attacks.system.test.ts',
  'functions/tasker/handlers/shuffle.test.ts',
  'test/analytics-query-cost.test.ts',
  'test/analytics-consumer.test.ts',
  'functions/accounting/handlers/close.test.ts',
  'test/accounting.system.test.ts',
  'test/accounting-close.system.test.ts',
  'test/tasker-shuffle.system.test.ts',
  'functions/tasker/handlers/complete-vs-shuffle.test.ts',
  'functions/tasker/handlers/shuffle-many.test.ts',
  'functions/accounting/handlers/on-event.test.ts',
  'functions/accounting/handlers/api.test.ts',
  'functions/tasker/handlers/tasks.test.ts',
];

/** The list first, then vitest's own order (failed first, then by the last run's duration or size). */
export default class HeavyFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const path = relative(this.ctx.config.root, spec.moduleId).split('\\').join('/');
      const index = STARTS_FIRST.indexOf(path);
      return index < 0 ? STARTS_FIRST.length : index;
    };
    const byDefault = await super.sort(files);
    return byDefault
      .map((spec, position) => ({ spec, position, rank: rank(spec) }))
      .sort((a, b) => a.rank - b.rank || a.position - b.position)
      .map(({ spec }) => spec);
  }
}
