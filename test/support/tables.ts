import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
