import { describe } from 'vitest';
import { DynamoUnitOfWork } from '#shared/unit-of-work/dynamo-unit-of-work';
import { createFreshTable } from '../../../test/support/tables';
import { analyticsService } from '../service';
import { buildAnalyticsDeps } from '../wiring';
import { analyticsStoresContract, type AnalyticsStoresFixture } from './analytics-stores.contract';
import { movementReadsContract } from './movement-reads.contract';

// A table per case: day tops, shards and deltas are shared keys, as in production.
async function onDynamo(): Promise<AnalyticsStoresFixture> {
  const tableName = await createFreshTable(analyticsService);
  process.env.ANALYTICS_TABLE = tableName;
  const { callers, facts, tops, earnings, balances, movementReads } = buildAnalyticsDeps();
  return {
    stores: { callers, facts, tops, earnings, balances, movementReads },
    unitOfWork: new DynamoUnitOfWork({ tableName }),
  };
}

describe("Analytics' stores on DynamoDB", () => analyticsStoresContract(onDynamo));
describe("Analytics' movement reads on DynamoDB", () => movementReadsContract(onDynamo));
