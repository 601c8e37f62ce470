import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { SERVICES } from '../../functions/services';
import type { ServiceDeclaration } from '#shared/declaration';
import { ensureTable, tableNameOf } from '../../local/dynamodb/tables';
import { requireTier } from './tiers';

/** Creates this test file's tables (every domain's, or the ones named) in DynamoDB Local. */
export async function createTables(services: readonly ServiceDeclaration[] = SERVICES) {
  requireTier('integration', 'creates DynamoDB Local tables');
  const client = new DynamoDBClient({});
  const prefix = process.env.ATES_TABLE_PREFIX!;
  const created = await Promise.all(
    services.map((s) => ensureTable(client, tableNameOf(prefix, s), s)),
  );
  client.destroy();
  return created;
}

/**
 * A new table for `service` under a name of its own, for a test whose figures must start from
 * nothing (a day's shards, tops and deltas are keys every event shares): its name.
 */
export async function createFreshTable(service: ServiceDeclaration): Promise<string> {
  requireTier('integration', 'creates a DynamoDB Local table');
  const name = `${process.env.ATES_TABLE_PREFIX}${service.domain}-${randomUUID().slice(0, 8)}`;
  const client = new DynamoDBClient({});
  await ensureTable(client, name, service);
  client.destroy();
  return name;
}
