import { createHash } from 'node:crypto';
import { expect, inject } from 'vitest';

/**
 * The DynamoDB Local engine this test file works on: one of the run's engines, chosen by the
 * file's path so a file always meets the same engine and heavy files spread over them.
 */
export function dynamoEndpointOfThisFile(): string {
  const endpoints = inject('dynamoEndpoints');
  const file = expect.getState().testPath ?? String(Math.random());
  const index = createHash('sha1').update(file).digest().readUInt32BE(0) % endpoints.length;
  return endpoints[index]!;
}
