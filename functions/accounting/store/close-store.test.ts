import { describe } from 'vitest';
import { memoryAccountingDeps } from './memory/deps';
import { closeStoreContract } from './close-store.contract';

describe('the close-store port in memory', () => {
  const { deps } = memoryAccountingDeps();
  closeStoreContract(() => deps);
});
