import { describe } from 'vitest';
import { memoryAccountingDeps } from './memory/deps';
import { ledgerStoreContract } from './ledger-store.contract';

describe('the ledger-store port in memory', () => {
  const { deps } = memoryAccountingDeps();
  ledgerStoreContract(() => deps);
});
