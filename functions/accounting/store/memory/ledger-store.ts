import * as z from '#events/zod';
import { addCents, cents, ZERO } from '#shared/money';
import { decodeCursor, encodeCursor, invalidCursor } from '#shared/page-cursor';
import type { Changes } from '#shared/unit-of-work/changes';
import { MemoryTable } from '#shared/unit-of-work/memory-table';
import { movesByDay } from '../../domain/account-days';
import { payoutId, shardOf } from '../../domain/ids';
import type { Entry } from '../../domain/ledger';
import type { AccountRecord, DayFigures, LedgerStore, Posted } from '../../domain/ports';
import { FIGURE_SHARDS } from '../keys';
import { newAccount } from './account-store';

const COUNTER = { fee: 'fees', reward: 'rewards', payout: 'payouts' } as const;
const cursorSchema = z.strictObject({ user: z.string(), date: z.string(), key: z.string() });

/** The memory tables the ledger writes beside its entries. */
export interface LedgerTables {
  accounts: MemoryTable<AccountRecord>;
  entries: MemoryTable<Entry>;
  figures: MemoryTable<{ fees: number; rewards: number }>;
  firstMovement: MemoryTable<string>;
}

export const newLedgerTables = (accounts: MemoryTable<AccountRecord>): LedgerTables => ({
  accounts,
  entries: new MemoryTable('entries'),
  figures: new MemoryTable('figures'),
  firstMovement: new MemoryTable('first-movement'),
});

/** An entry's key in the memory table: as on DynamoDB, an entry id is unique per account. */
export const entryKey = (userId: string, entryId: string) => `${userId}#${entryId}`;

/** The ledger in memory: the same writes and guards as DynamoDB's, one table per item kind. */
export class MemoryLedgerStore implements LedgerStore {
  constructor(readonly tables: LedgerTables) {}

  posted(changes: Changes, { entry, account, previousRevision }: Posted): void {
    const { accounts, entries, figures } = this.tables;
    const magnitude = cents(Math.abs(entry.amount));
    const counter = COUNTER[entry.kind];
    changes.write(
      entries.put(entryKey(entry.userId, entry.id), entry, {
        guard: 'movement_is_new',
        when: (current) => current === undefined,
      }),
      accounts.update(
        entry.userId,
        (current) => ({
          ...(current ?? newAccount(entry.userId)),
          balance: account.balance,
          revision: account.revision,
          recent: account.recent,
          ...(entry.kind === 'payout' && {
            lastPayout: { date: entry.businessDate, amount: magnitude },
          }),
        }),
        {
          guard: 'balance_unchanged',
          when: (current) => (current?.revision ?? 0) === previousRevision,
        },
      ),
    );
    if (entry.kind !== 'payout') {
      const key = `${entry.businessDate}#${shardOf(entry.id, FIGURE_SHARDS)}`;
      changes.write(
        figures.update(key, (current) => {
          const figure = current ?? { fees: 0, rewards: 0 };
          return { ...figure, [counter]: figure[counter as 'fees' | 'rewards'] + magnitude };
        }),
      );
    }
  }

  async dayEntries(userId: string, date: string, page: { cursor?: string; limit: number }) {
    const newestFirst = this.tables.entries
      .values()
      .filter((entry) => entry.userId === userId && entry.businessDate === date)
      .map((entry) => ({ entry, key: `${entry.at}#${entry.id}` }))
      .sort((a, b) => (a.key < b.key ? 1 : -1));
    let from = 0;
    if (page.cursor !== undefined) {
      const cursor = decodeCursor(page.cursor, cursorSchema);
      if (!cursor || cursor.user !== userId || cursor.date !== date) throw invalidCursor();
      from = newestFirst.findIndex(({ key }) => key < cursor.key);
      if (from < 0) from = newestFirst.length;
    }
    const taken = newestFirst.slice(from, from + page.limit);
    const last = taken.at(-1);
    return {
      entries: taken.map(({ entry }) => entry),
      nextCursor:
        taken.length === page.limit && last
          ? encodeCursor({ user: userId, date, key: last.key })
          : null,
    };
  }

  async payoutEntries(userIds: readonly string[], date: string) {
    const found = userIds.flatMap(
      (id) => this.tables.entries.get(entryKey(id, payoutId(id, date))) ?? [],
    );
    return new Map(found.map((entry) => [entry.userId, entry]));
  }

  async daysFrom(userId: string, date: string) {
    return movesByDay(
      this.tables.entries.values().filter((entry) => entry.userId === userId),
      date,
    );
  }

  async firstMovementDate() {
    return this.tables.firstMovement.get('first') ?? null;
  }

  /** As on DynamoDB, a write of its own, outside the movement's unit: it only moves earlier. */
  async recordMovementDate(date: string) {
    const first = this.tables.firstMovement.get('first');
    if (first === undefined || date < first) this.tables.firstMovement.seed('first', date);
  }

  async dayFigures(dates: readonly string[]): Promise<DayFigures[]> {
    return dates.map((date) => {
      let fees = ZERO;
      let rewards = ZERO;
      for (let shard = 0; shard < FIGURE_SHARDS; shard++) {
        const figure = this.tables.figures.get(`${date}#${shard}`);
        fees = addCents(fees, cents(figure?.fees ?? 0));
        rewards = addCents(rewards, cents(figure?.rewards ?? 0));
      }
      return { date, fees_cents: fees, rewards_cents: rewards };
    });
  }
}
