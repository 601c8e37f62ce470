import { DynamoDBClient, paginateListTables } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceDeclaration } from '#shared/declaration';
import { startDynamoDbLocal, type RunningDynamo } from './dynamodb-local';
import type { CloudLog } from '../cloud/log';
import { stopStaleDynamo } from './stale-dynamo';
import { ensureTable, tableNameOf } from './tables';
import type { StopStack } from '../cloud/stop-stack';

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
  options: { endpoint?: string; port: number; dataDir?: string; ownerFile: string },
  stack: StopStack,
): Promise<{ endpoint: string }> {
  if (options.endpoint) return { endpoint: options.endpoint };
  return stack.started<RunningDynamo>(
    startDynamoDbLocal({
      port: options.port,
      dataDir: options.dataDir && join(options.dataDir, 'dynamodb'),
      ownerFile: options.ownerFile,
    }).then((dynamo) => {
      // Should this process die without stopping the cloud, Java must not outlive it.
      process.on('exit', dynamo.killNow);
      return dynamo;
    }),
    (dynamo) => dynamo.stop().finally(() => process.off('exit', dynamo.killNow)),
  );
}

/**
 * Where this checkout records who started its DynamoDB Local: beside the data, or (in memory,
 * where nothing goes under `.ates/`) in the temp folder, one file per checkout.
 */
export function ownerFileOf(repoRoot: string, dataDir: string | undefined): string {
  const checkout = createHash('sha256').update(repoRoot).digest('hex').slice(0, 12);
  return dataDir
    ? join(dataDir, 'dynamodb-local.owner.json')
    : join(tmpdir(), `ates-${checkout}-dynamodb-local.owner.json`);
}

/** Stops a DynamoDB Local that a crashed run of this checkout left behind, so its port is free. */
export async function stopLeftoverDynamo(ownerFile: string, log: CloudLog) {
  const stopped = await stopStaleDynamo(ownerFile);
  if (stopped) log.info(`stopped DynamoDB Local (pid ${stopped}) left behind by a run that died`);
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
