import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type RunningDynamo } from '../../local/dynamodb-local';
import { freePort } from '../../local/ports';

/**
 * DynamoDB Local engines for the test run, each in memory; every test file works on one of
 * them with its own table prefix. More than one because the engine slows down on stream tables
 * created after many stream records exist in the same process, and because it runs
 * transactions one after the other: files spread over several engines neither poison nor
 * queue behind each other. ATES_TEST_ENGINES sets how many (default 3).
 */
const ENGINES = Math.max(1, Number(process.env.ATES_TEST_ENGINES ?? 3));
let engines: RunningDynamo[] = [];

export async function setup(project: TestProject) {
  engines = await Promise.all(
    Array.from({ length: ENGINES }, async () => startDynamoDbLocal({ port: await freePort() })),
  );
  project.provide(
    'dynamoEndpoints',
    engines.map((engine) => engine.endpoint),
  );
}

export async function teardown() {
  await Promise.all(engines.map((engine) => engine.stop()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoints: string[];
  }
}
