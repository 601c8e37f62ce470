import type { TransactItem } from '#shared/dynamo';
import type { BusinessDate } from '#shared/time/business-day';
import type { EarningsShare } from './earnings';
import type { Cents } from './money';
import type { AccountNeighbourhood, BalanceChange, DayBalance, DayDelta } from './negative-balance';
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
  kind: 'fine' | 'reward';
  amount_cents: Cents;
  business_date: BusinessDate;
}

export interface EarningsStore {
  hasMovement(transactionId: string): Promise<boolean>;
  /** The movement's fact (once only) and its share added to its day's totals. */
  record(movement: MovementRecord, share: EarningsShare): TransactItem[];
  dayTotals(date: BusinessDate): Promise<EarningsShare>;
}

export interface BalanceStore {
  /** The account's day items around a day, and the version its state item was read at. */
  neighbourhood(
    accountId: string,
    date: BusinessDate,
  ): Promise<AccountNeighbourhood & { version: number }>;
  /** Stores the day balance and the deltas; refused if the account changed since it was read. */
  apply(
    accountId: string,
    change: BalanceChange,
    dayBalance: DayBalance,
    deltas: readonly DayDelta[],
    readVersion: number,
  ): TransactItem[];
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
