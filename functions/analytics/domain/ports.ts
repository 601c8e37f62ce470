import type { TransactItem } from '#shared/dynamo';
import type { BusinessDate } from '#shared/time/business-day';
import type { EarningsShare } from './earnings';
import type { Cents } from '#shared/money';
import type { DayBalance, MovementEffect } from './negative-balance';
import type { RankedTask, TaskFact } from './task-fact';

/**
 * What the use cases need from storage. Writers return transaction items: a reaction hands
 * them to the consumer, which commits them with the event's marker.
 */
export interface TaskFactStore {
  find(taskId: string): Promise<TaskFact | undefined>;
  /** Writes the fact; refused (the event is retried) if someone else wrote it since it was read. */
  save(fact: TaskFact): TransactItem;
}

export interface DayTopStore {
  find(date: BusinessDate): Promise<RankedTask | undefined>;
  /** Every day's top in the range that has one, oldest first: one query, one item per day. */
  inRange(from: BusinessDate, to: BusinessDate): Promise<RankedTask[]>;
  /** Makes `task` its day's top, on the condition that the stored top ranks lower. */
  offer(task: RankedTask): TransactItem;
}

export interface MovementRecord {
  transaction_id: string;
  kind: 'fine' | 'reward' | 'payout';
  amount_cents: Cents;
  business_date: BusinessDate;
}

export interface EarningsStore {
  hasMovement(transactionId: string): Promise<boolean>;
  /**
   * The movement's fact (once only) and, for a fee or reward, its share added to its day's
   * totals (a payout has none: it hands over money already counted).
   */
  record(movement: MovementRecord, share?: EarningsShare): TransactItem[];
  dayTotals(date: BusinessDate): Promise<EarningsShare>;
}

export interface BalanceStore {
  /** Every end-of-day balance of the account, oldest first, and the version it was read at. */
  accountDays(accountId: string): Promise<{ days: DayBalance[]; version: number }>;
  /** Stores the account's days and adds the deltas; refused if the account changed since read. */
  apply(accountId: string, effect: MovementEffect, readVersion: number): TransactItem[];
  /** Every delta up to and including `date`. */
  deltasUpTo(date: BusinessDate): Promise<number[]>;
}

export interface AnalyticsDeps {
  facts: TaskFactStore;
  tops: DayTopStore;
  earnings: EarningsStore;
  balances: BalanceStore;
  clock: () => Date;
  timeZone: string;
}
