import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { describe } from 'vitest';
import { DynamoUnitOfWork } from '#shared/unit-of-work/dynamo-unit-of-work';
import { ensureTable } from '../../../local/dynamodb/tables';
import { analyticsService } from '../service';
import { buildAnalyticsDeps } from '../wiring';
import { analyticsStoresContract } from './analytics-stores.contract';

describe("Analytics' stores on DynamoDB", () => {
  // A table per case: day tops, shards and deltas are shared keys, as in production.
  analyticsStoresContract(async () => {
    const tableName = `${process.env.ATES_TABLE_PREFIX}analytics-${randomUUID().slice(0, 8)}`;
    const client = new DynamoDBClient({});
    await ensureTable(client, tableName, analyticsService);
    client.destroy();
    process.env.ANALYTICS_TABLE = tableName;
    const { callers, facts, tops, earnings, balances } = buildAnalyticsDeps();
    return {
      stores: { callers, facts, tops, earnings, balances },
      unitOfWork: new DynamoUnitOfWork({ tableName }),
    };
  });
});
