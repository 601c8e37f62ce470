import { describe } from 'vitest';
import { memoryAccountingDeps } from './memory/deps';
import { movementReadsContract } from './movement-reads.contract';

describe('the movement-reads port in memory', () => {
  const { deps } = memoryAccountingDeps();
  movementReadsContract(() => deps);
});
