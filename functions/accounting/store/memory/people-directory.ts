import type { MemoryTable } from '#shared/unit-of-work/memory-table';
import type { AccountRecord, PeopleDirectory, Person } from '../../domain/ports';

/** Every account holder, from the in-memory accounts. */
export class MemoryPeopleDirectory implements PeopleDirectory {
  constructor(private readonly accounts: MemoryTable<AccountRecord>) {}

  async everyone(): Promise<Person[]> {
    return this.accounts.values().map(({ userId, name, role, active }) => ({
      id: userId,
      name,
      role,
      active,
    }));
  }
}
