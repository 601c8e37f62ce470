import { describe } from 'vitest';
import { analyticsStoresContract } from './analytics-stores.contract';
import { memoryAnalyticsDeps } from './memory/deps';

describe("Analytics' stores in memory", () => {
  analyticsStoresContract(async () => {
    const { callers, facts, tops, earnings, balances, unitOfWork } = memoryAnalyticsDeps();
    return { stores: { callers, facts, tops, earnings, balances }, unitOfWork };
  });
});
