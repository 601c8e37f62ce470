import { describe } from 'vitest';
import { MemoryUnitOfWork } from '#shared/unit-of-work/memory-unit-of-work';
import { GUARD_REFUSALS } from '../domain/errors';
import { MemoryUserAccountStore } from './memory/user-account-store';
import { userAccountStoreContract } from './user-account-store.contract';

describe('the user account store in memory', () => {
  userAccountStoreContract(async () => ({
    users: new MemoryUserAccountStore(),
    unitOfWork: new MemoryUnitOfWork({ refusals: GUARD_REFUSALS }),
  }));
});
