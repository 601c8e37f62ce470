import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type RunningDynamo } from '../../local/dynamodb-local';
import { freePort } from '../../local/ports';

let dynamo: RunningDynamo | undefined;

/** One in-memory DynamoDB Local for the whole run; each test file uses its own table prefix. */
export async function setup(project: TestProject) {
  dynamo = await startDynamoDbLocal({ port: await freePort() });
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
