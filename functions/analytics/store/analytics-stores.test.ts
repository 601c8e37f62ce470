import { describe } from 'vitest';
import { analyticsStoresContract, type AnalyticsStoresFixture } from './analytics-stores.contract';
import { memoryAnalyticsDeps } from './memory/deps';
import { movementReadsContract } from './movement-reads.contract';

const inMemory = async (): Promise<AnalyticsStoresFixture> => {
  const { callers, facts, tops, earnings, balances, movementReads, unitOfWork } =
    memoryAnalyticsDeps();
  return { stores: { callers, facts, tops, earnings, balances, movementReads }, unitOfWork };
};

describe("Analytics' stores in memory", () => analyticsStoresContract(inMemory));
describe("Analytics' movement reads in memory", () => movementReadsContract(inMemory));
