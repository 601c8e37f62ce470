import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { TIER_SUFFIX } from './tiers';

/**
 * Global setup of the unit tier: no DynamoDB Local, but a stand-in at the address the AWS SDK
 * is given that refuses every request with a message naming the fix, so a unit file that
 * reaches for DynamoDB fails at once and says how it should be named (rather than hanging on,
 * or connecting to, an engine that this tier never starts).
 */
const MESSAGE =
  `a unit test (*${TIER_SUFFIX.unit}) reached DynamoDB: the unit tier starts no DynamoDB Local. ` +
  `A file that needs it is named *${TIER_SUFFIX.integration}; one that starts the local cloud ` +
  `*${TIER_SUFFIX.system} (test/README.md)`;

let warned = false;
const trap = createServer((request, response) => {
  request.resume();
  // Also said here, once: a handler under test may turn the refusal into a bare 500.
  if (!warned) process.stderr.write(`\n${MESSAGE}\n`);
  warned = true;
  response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
  response.end(JSON.stringify({ __type: 'MisclassifiedTest', message: MESSAGE }));
});

export async function setup(project: TestProject) {
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  const { port } = trap.address() as AddressInfo;
  project.provide('dynamoTrap', `http://127.0.0.1:${port}`);
}

export function teardown() {
  trap.close();
}
