import { relative } from 'node:path';
import { expect } from 'vitest';

/**
 * The three test tiers, told apart by a file's name (test/README.md):
 * - `*.test.ts` — unit: no Java, no DynamoDB Local, no local cloud;
 * - `*.int.test.ts` — integration: stores, use cases and handlers against DynamoDB Local;
 * - `*.system.test.ts` — system: the local cloud over HTTP (journeys, soak, races, the browser).
 */
export type Tier = 'unit' | 'integration' | 'system';

export const TIER_SUFFIX: Record<Tier, string> = {
  unit: '.test.ts',
  integration: '.int.test.ts',
  system: '.system.test.ts',
};

export const tierOfFile = (path: string): Tier =>
  path.endsWith(TIER_SUFFIX.system)
    ? 'system'
    : path.endsWith(TIER_SUFFIX.integration)
      ? 'integration'
      : 'unit';

/** The tier this test file runs in, as vitest.config.ts's projects set it. */
export const currentTier = (): Tier => (process.env.ATES_TEST_TIER as Tier | undefined) ?? 'unit';

/** What a misclassified file is told: which name its needs call for. */
export function misclassifiedMessage(file: string, needs: string, tier: Tier): string {
  return (
    `${file} runs in the ${currentTier()} tier but ${needs}: ` +
    `name it *${TIER_SUFFIX[tier]} (the ${tier} tier; test/README.md says which file goes where)`
  );
}

/** The file under test, relative to the repository (for messages). */
export const thisTestFile = (): string => {
  const path = expect.getState().testPath;
  return path ? relative(process.cwd(), path) : 'this test file';
};

const RANK: Record<Tier, number> = { unit: 0, integration: 1, system: 2 };

/**
 * Fails loudly when a file uses what its tier does not start (DynamoDB Local for a unit file,
 * the local cloud for a unit or integration file), instead of a connection refused later.
 */
export function requireTier(tier: Tier, needs: string): void {
  if (RANK[currentTier()] < RANK[tier])
    throw new Error(misclassifiedMessage(thisTestFile(), needs, tier));
}
