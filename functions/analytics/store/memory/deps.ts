import { MemoryUnitOfWork } from '#shared/unit-of-work/memory-unit-of-work';
import type { AnalyticsDeps } from '../../domain/ports';
import {
  MemoryBalanceStore,
  MemoryCallerReplicaStore,
  MemoryDayTopStore,
  MemoryEarningsStore,
  MemoryTaskFactStore,
} from './analytics-stores';
import { MemoryMovementReads } from './movement-reads';

/**
 * Analytics' deps in memory, for use-case tests without DynamoDB Local, with the stores (to seed
 * and inspect) and a unit of work to commit what a reaction recorded, as the consumer does.
 */
export function memoryAnalyticsDeps(overrides: Partial<AnalyticsDeps> = {}) {
  const stores = {
    callers: new MemoryCallerReplicaStore(),
    facts: new MemoryTaskFactStore(),
    tops: new MemoryDayTopStore(),
    earnings: new MemoryEarningsStore(),
    balances: new MemoryBalanceStore(),
  };
  const movementReads = new MemoryMovementReads(stores.balances, stores.tops);
  const deps: AnalyticsDeps = {
    ...stores,
    movementReads,
    clock: () => new Date('2026-03-10T12:00:00Z'),
    timeZone: 'UTC',
    ...overrides,
  };
  return { deps, ...stores, movementReads, unitOfWork: new MemoryUnitOfWork() };
}
