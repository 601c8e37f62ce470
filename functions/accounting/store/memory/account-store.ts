import { MemoryTable } from '#shared/unit-of-work/memory-table';
import type { Changes } from '#shared/unit-of-work/changes';
import { NEVER_MOVED } from '../../domain/account-days';
import { laneOf } from '../../domain/close';
import type { AccountRecord, AccountStore, UserSnapshot } from '../../domain/ports';
import { ZERO } from '#shared/money';

/** An account as first written by a user snapshot: no movement, so no revision yet. */
export const newAccount = (userId: string): AccountRecord => ({
  userId,
  balance: ZERO,
  revision: 0,
  recent: NEVER_MOVED,
  email: null,
  name: null,
  userRevision: 0,
  role: null,
  active: null,
  lastPayout: null,
});

/** Accounts in memory, by user id (the ledger's memory store moves their balances). */
export class MemoryAccountStore implements AccountStore {
  constructor(readonly table = new MemoryTable<AccountRecord>('accounts')) {}

  async find(userId: string) {
    return this.table.get(userId);
  }

  async findMany(userIds: readonly string[]) {
    const found = userIds.flatMap((id) => this.table.get(id) ?? []);
    return new Map(found.map((account) => [account.userId, account]));
  }

  learned(changes: Changes, snapshot: UserSnapshot): void {
    changes.write(
      this.table.update(
        snapshot.id,
        (current) => ({
          ...(current ?? newAccount(snapshot.id)),
          email: snapshot.email,
          name: snapshot.name,
          role: snapshot.role,
          active: snapshot.active,
          userRevision: snapshot.revision,
        }),
        {
          guard: 'snapshot_is_newer',
          when: (current) => (current?.userRevision ?? 0) < snapshot.revision,
        },
      ),
    );
  }

  async countInLane(lane: number) {
    return this.inLane(lane).length;
  }

  /** As DynamoDB pages: `exhausted` only when the page stopped short of `limit`. */
  async lanePage(lane: number, after: string | null, limit: number) {
    const rest = this.inLane(lane).filter((id) => after === null || id > after);
    const userIds = rest.slice(0, limit);
    return { userIds, last: userIds.at(-1) ?? null, exhausted: rest.length < limit };
  }

  private inLane(lane: number): string[] {
    return this.table
      .values()
      .map((account) => account.userId)
      .filter((id) => laneOf(id) === lane)
      .sort();
  }
}
