import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { expect, inject } from 'vitest';

/**
 * The heaviest files, each on an engine of its own where there are enough: two of them on one
 * engine queue behind each other's transactions (the concurrency race took 141 s beside the
 * reshuffle test on one engine, 32 s alone).
 */
const HEAVY_FILES = [
  'test/tasker-shuffle.system.test.ts',
  'test/concurrency.system.test.ts',
  'test/soak.system.test.ts',
  'functions/tasker/handlers/shuffle-many.test.ts',
  'test/analytics-query-cost.test.ts',
  'test/accounting-close.system.test.ts',
];

/**
 * The DynamoDB Local engine this test file works on: one of the run's engines, the same for a
 * file on every machine (its path in the repository picks it), heavy files spread over them.
 */
export function dynamoEndpointOfThisFile(): string {
  const endpoints = inject('dynamoEndpoints');
  const path = expect.getState().testPath;
  const file = path ? relative(process.cwd(), path).split('\\').join('/') : String(Math.random());
  const heavy = HEAVY_FILES.indexOf(file);
  const index =
    heavy >= 0
      ? heavy % endpoints.length
      : createHash('sha1').update(file).digest().readUInt32BE(0) % endpoints.length;
  return endpoints[index]!;
}
