import type { CallerState } from '#shared/auth/current-callers';
import { cents } from '#shared/money';
import type { BusinessDate } from '#shared/time/business-day';
import type { Changes } from '#shared/unit-of-work/changes';
import { MemoryTable } from '#shared/unit-of-work/memory-table';
import type { CallerReplica } from '../../domain/caller-replica';
import { shardOf, type EarningsShare } from '../../domain/earnings';
import type { DayBalance, MovementEffect } from '../../domain/negative-balance';
import type {
  BalanceStore,
  CallerReplicaStore,
  DayTopStore,
  EarningsStore,
  MovementRecord,
  TaskFactStore,
  TaskTitle,
} from '../../domain/ports';
import type { DayTop, TaskFact } from '../../domain/task-fact';
import { rankKey } from '../../domain/top-rank';

/**
 * Analytics' stores in memory, one class per port, guarded as the DynamoDB stores are (the
 * contract tests in store/*.contract.ts hold them equal). One file: each is a few lines.
 */
export class MemoryTaskFactStore implements TaskFactStore {
  readonly facts = new MemoryTable<TaskFact>('task_facts');

  async find(taskId: string) {
    return this.facts.get(taskId);
  }

  saved(changes: Changes, fact: TaskFact): void {
    changes.write(
      this.facts.put(
        fact.task_id,
        { ...fact, version: fact.version + 1 },
        {
          guard: 'task_fact_unchanged',
          when: (stored) => (stored?.version ?? 0) === fact.version,
        },
      ),
    );
  }

  async titles(taskIds: readonly string[]) {
    const titles = new Map<string, TaskTitle>();
    for (const id of taskIds) {
      const fact = this.facts.get(id);
      if (fact?.title != null) titles.set(id, { title: fact.title, jira_id: fact.jira_id });
    }
    return titles;
  }
}

export class MemoryDayTopStore implements DayTopStore {
  readonly tops = new MemoryTable<DayTop>('day_tops');

  async find(date: BusinessDate) {
    return this.tops.get(date);
  }

  async inRange(from: BusinessDate, to: BusinessDate) {
    return this.tops.values().filter((top) => top.completed_on >= from && top.completed_on <= to);
  }

  offered(changes: Changes, top: DayTop): void {
    changes.write(
      this.tops.put(top.completed_on, top, {
        guard: 'day_top_ranks_lower',
        when: (stored) => stored === undefined || rankKey(stored) < rankKey(top),
      }),
    );
  }
}

export class MemoryEarningsStore implements EarningsStore {
  readonly movements = new MemoryTable<MovementRecord>('movements');
  /** By `<date>#<shard>`, as DynamoDB spreads a day's totals. */
  readonly shards = new MemoryTable<EarningsShare & { date: BusinessDate }>('earnings_shards');

  recorded(changes: Changes, movement: MovementRecord, share?: EarningsShare): void {
    changes.write(
      this.movements.put(movement.transaction_id, movement, {
        guard: 'movement_not_counted_yet',
        when: (stored) => stored === undefined,
      }),
    );
    if (!share) return;
    const date = movement.business_date;
    changes.write(
      this.shards.update(
        `${date}#${shardOf(changes.context.spreadBy ?? movement.transaction_id)}`,
        (stored) => ({
          date,
          fees_cents: cents((stored?.fees_cents ?? 0) + share.fees_cents),
          rewards_cents: cents((stored?.rewards_cents ?? 0) + share.rewards_cents),
        }),
      ),
    );
  }

  async dayTotals(date: BusinessDate): Promise<EarningsShare> {
    const shards = this.shards.values().filter((shard) => shard.date === date);
    return {
      fees_cents: cents(shards.reduce((sum, s) => sum + s.fees_cents, 0)),
      rewards_cents: cents(shards.reduce((sum, s) => sum + s.rewards_cents, 0)),
    };
  }
}

export class MemoryBalanceStore implements BalanceStore {
  readonly accounts = new MemoryTable<{ version: number; days: DayBalance[] }>('account_days');
  readonly deltas = new MemoryTable<{ date: BusinessDate; delta: number }>('negative_deltas');

  applied(changes: Changes, accountId: string, effect: MovementEffect, readVersion: number): void {
    changes.write(
      this.accounts.put(
        accountId,
        { version: readVersion + 1, days: effect.days },
        {
          guard: 'account_unchanged',
          when: (stored) => (stored?.version ?? 0) === readVersion,
        },
      ),
      ...effect.deltas.map(({ date, delta }) =>
        this.deltas.update(date, (stored) => ({ date, delta: (stored?.delta ?? 0) + delta })),
      ),
    );
  }

  async deltasUpTo(date: BusinessDate) {
    return this.deltas
      .values()
      .filter((stored) => stored.date <= date)
      .map((stored) => stored.delta);
  }
}

export class MemoryCallerReplicaStore implements CallerReplicaStore {
  readonly replicas = new MemoryTable<CallerReplica>('caller_replicas');

  async find(userId: string) {
    return this.replicas.get(userId);
  }

  async callerState(userId: string): Promise<CallerState | undefined> {
    const replica = this.replicas.get(userId);
    return replica && { active: replica.active, role: replica.role, revision: replica.revision };
  }

  replaced(changes: Changes, caller: CallerReplica): void {
    changes.write(
      this.replicas.put(caller.id, caller, {
        guard: 'replica_is_older',
        when: (stored) => stored === undefined || stored.revision < caller.revision,
      }),
    );
  }
}
