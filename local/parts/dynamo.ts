import { DynamoDBClient, paginateListTables } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import type { ServiceDeclaration } from '#shared/declaration';
import { startDynamoDbLocal, type RunningDynamo } from '../dynamodb-local';
import { ensureTable, tableNameOf } from '../tables';
import type { StopStack } from './stop-stack';

export interface CloudTable {
  domain: string;
  name: string;
  streamArn: string;
  /** Created by this run: its stream is read from the oldest record. */
  fresh: boolean;
}

/**
 * The DynamoDB endpoint: the one given (a test run's), or Amazon's DynamoDB Local started here,
 * persisted under `dataDir/dynamodb` unless in memory.
 */
export async function startDynamo(
  options: { endpoint?: string; port: number; dataDir?: string },
  stack: StopStack,
): Promise<{ endpoint: string }> {
  if (options.endpoint) return { endpoint: options.endpoint };
  return stack.started<RunningDynamo>(
    startDynamoDbLocal({
      port: options.port,
      dataDir: options.dataDir && join(options.dataDir, 'dynamodb'),
    }).then((dynamo) => {
      // Should this process die without stopping the cloud, Java must not outlive it.
      process.on('exit', dynamo.killNow);
      return dynamo;
    }),
    (dynamo) => dynamo.stop().finally(() => process.off('exit', dynamo.killNow)),
  );
}

/** Creates the tables as `infra/` declares them; `fresh` when this run created it. */
export async function createTables(
  services: readonly ServiceDeclaration[],
  prefix: string,
  endpoint: string,
  region: string,
): Promise<CloudTable[]> {
  const client = new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const existing = new Set<string>();
    for await (const page of paginateListTables({ client }, {})) {
      for (const name of page.TableNames ?? []) existing.add(name);
    }
    return await Promise.all(
      services.map(async (service) => {
        const name = tableNameOf(prefix, service);
        const { streamArn } = await ensureTable(client, name, service);
        if (!streamArn) throw new Error(`table ${name} has no stream; delete it and start again`);
        return { domain: service.domain, name, streamArn, fresh: !existing.has(name) };
      }),
    );
  } finally {
    client.destroy();
  }
}
