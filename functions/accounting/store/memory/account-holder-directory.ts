import type { MemoryTable } from '#shared/unit-of-work/memory-table';
import type { AccountRecord, AccountHolderDirectory, AccountHolder } from '../../domain/ports';

/** Every account holder, from the in-memory accounts. */
export class MemoryAccountHolderDirectory implements AccountHolderDirectory {
  constructor(private readonly accounts: MemoryTable<AccountRecord>) {}

  async everyone(): Promise<AccountHolder[]> {
    return this.accounts.values().map(({ userId, name, role, active }) => ({
      id: userId,
      name,
      role,
      active,
    }));
  }
}
