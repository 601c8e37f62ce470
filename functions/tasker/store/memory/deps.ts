import { MemoryUnitOfWork } from '#shared/unit-of-work/memory-unit-of-work';
import { seededRandomInt } from '#shared/random';
import { GUARD_REFUSALS } from '../../domain/errors';
import type { TaskerDeps } from '../../domain/ports';
import { SHUFFLE_CHUNK_SIZE } from '../../domain/shuffle-job';
import { MemoryAssigneeDirectory } from './assignee-directory';
import { MemoryPriceStore } from './price-store';
import { MemoryShuffleJobStore } from './shuffle-job-store';
import { MemoryShuffleLaneStore } from './shuffle-lane-store';
import { MemoryShuffleMoveStore } from './shuffle-move-store';
import { taskerTables } from './tables';
import { MemoryTaskStore } from './task-store';
import { MemoryUserReplicaStore } from './user-replica-store';

let ids = 0;

/**
 * Tasker's use cases on in-memory stores and unit of work, for tests without DynamoDB Local:
 * the deps, the unit of work (its `outbox` and `published()` events) and the tables to seed
 * and inspect. Seeded randomness and readable ids by default; `overrides` as in wiring.ts.
 */
export function memoryTaskerDeps(overrides: Partial<TaskerDeps> = {}) {
  const tables = taskerTables();
  const unitOfWork = new MemoryUnitOfWork({ refusals: GUARD_REFUSALS });
  const deps: TaskerDeps = {
    unitOfWork,
    tasks: new MemoryTaskStore(tables),
    people: new MemoryAssigneeDirectory(tables),
    prices: new MemoryPriceStore(tables),
    users: new MemoryUserReplicaStore(tables),
    jobs: new MemoryShuffleJobStore(tables),
    lane: new MemoryShuffleLaneStore(tables),
    moves: new MemoryShuffleMoveStore(tables),
    clock: () => new Date(),
    random: seededRandomInt(1),
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    config: { shuffleChunkSize: SHUFFLE_CHUNK_SIZE },
    ...overrides,
  };
  return { deps, unitOfWork, tables };
}
