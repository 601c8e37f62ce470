import { describe } from 'vitest';
import { memoryAccountingDeps } from './memory/deps';
import { taskStoreContract } from './task-store.contract';

describe('the task-store port in memory', () => {
  const { deps } = memoryAccountingDeps();
  taskStoreContract(() => deps);
});
