import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { isHeavy } from './heavy';
import { tierOfFile, type Tier } from './tiers';

/**
 * The order files start in, from what the files say about themselves: `@heavy` files first
 * (test/support/heavy.ts), then system, integration and unit files, each group in vitest's own
 * order (failed first, then by the last run's duration, or on a fresh clone by size). The long
 * files thus overlap the many short ones at the end instead of finishing alone. DynamoDB Local
 * also slows down on stream tables created after many stream records exist in the same engine,
 * so a heavy file started early on a fresh engine runs several times faster than late (the soak
 * took 125–139 s instead of 35–40 after the reshuffle tests on its engine).
 */
const TIER_ORDER: Record<Tier, number> = { system: 0, integration: 1, unit: 2 };

export default class HeavyFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) =>
      isHeavy(spec.moduleId) ? -1 : TIER_ORDER[tierOfFile(spec.moduleId)];
    const byDefault = await super.sort(files);
    return byDefault
      .map((spec, position) => ({ spec, position, rank: rank(spec) }))
      .sort((a, b) => a.rank - b.rank || a.position - b.position)
      .map(({ spec }) => spec);
  }
}
