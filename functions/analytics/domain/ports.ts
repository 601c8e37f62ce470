import type { CurrentCallers } from '#shared/auth/current-callers';
import type { Changes } from '#shared/unit-of-work/changes';
import type { BusinessDate } from '#shared/time/business-day';
import type { EarningsShare } from './earnings';
import type { Cents } from '#shared/money';
import type { MovementEffect } from './negative-balance';
import type { CallerReplica } from './caller-replica';
import type { DayTop, TaskFact } from './task-fact';
import type { MovementReads } from './movement-reads';

/**
 * What the use cases need from storage. store/ implements these against DynamoDB and
 * store/memory/ in memory. Readers return domain values; writers record one change on the
 * reaction's `Changes`, which the consumer commits with the event's marker. Every guard here is
 * a race with another event (the consumer reads again), never a refusal.
 */
export interface TaskFactStore {
  find(taskId: string): Promise<TaskFact | undefined>;
  /** The fact as merged. Guard `task_fact_unchanged`: still at the version read (or absent). */
  saved(changes: Changes, fact: TaskFact): void;
  /** The titles and jira ids of those of `taskIds` whose `task.created` has arrived. */
  titles(taskIds: readonly string[]): Promise<Map<string, TaskTitle>>;
}

export interface TaskTitle {
  title: string;
  jira_id: string | null;
}

export interface DayTopStore {
  find(date: BusinessDate): Promise<DayTop | undefined>;
  /** Every day's top in the range that has one, oldest first: one query, one item per day. */
  inRange(from: BusinessDate, to: BusinessDate): Promise<DayTop[]>;
  /** `task` as its day's top. Guard `day_top_ranks_lower`: the stored top ranks lower. */
  offered(changes: Changes, task: DayTop): void;
}

export interface MovementRecord {
  transaction_id: string;
  kind: 'fine' | 'reward' | 'payout';
  amount_cents: Cents;
  business_date: BusinessDate;
}

/** Whether a movement was counted is never read: its fact's guarded put refuses it twice. */
export interface EarningsStore {
  /**
   * The movement's fact and, for a fee or reward, its share added to its day's totals (a payout
   * has none: it hands over money already counted). Guard `movement_not_counted_yet`: refused
   * for a movement counted before (a duplicate), which refuses its whole transaction.
   */
  recorded(changes: Changes, movement: MovementRecord, share?: EarningsShare): void;
  dayTotals(date: BusinessDate): Promise<EarningsShare>;
}

/** An account's days are read with the movement's other reads: `MovementReads`. */
export interface BalanceStore {
  /** The account's days and the deltas added. Guard `account_unchanged`: still at `readVersion`. */
  applied(changes: Changes, accountId: string, effect: MovementEffect, readVersion: number): void;
  /** Every delta up to and including `date`. */
  deltasUpTo(date: BusinessDate): Promise<number[]>;
}

/**
 * What Analytics knows of each user, from Auth's user events: enough to refuse a token whose
 * power has been taken away (the HTTP middleware asks `callerState`).
 */
export interface CallerReplicaStore extends CurrentCallers {
  find(userId: string): Promise<CallerReplica | undefined>;
  /** The newer state. Guard `replica_is_older`: the stored one (if any) has a lower revision. */
  replaced(changes: Changes, caller: CallerReplica): void;
}

export type { MovementBasis, MovementKey, MovementReads } from './movement-reads';

export interface AnalyticsDeps {
  callers: CallerReplicaStore;
  facts: TaskFactStore;
  tops: DayTopStore;
  earnings: EarningsStore;
  balances: BalanceStore;
  movementReads: MovementReads;
  clock: () => Date;
  timeZone: string;
}
