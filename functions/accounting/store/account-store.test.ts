import { describe } from 'vitest';
import { memoryAccountingDeps } from './memory/deps';
import { accountStoreContract } from './account-store.contract';

describe('the account-store port in memory', () => {
  const { deps } = memoryAccountingDeps();
  accountStoreContract(() => deps);
});
