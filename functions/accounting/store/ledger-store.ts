import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { accountFinedV1 } from '#events/accounting/account.fined.v1';
import { accountPaidV1 } from '#events/accounting/account.paid.v1';
import { accountRewardedV1 } from '#events/accounting/account.rewarded.v1';
import { userBalanceChangedV1 } from '#events/accounting/user.balance_changed.v1';
import { documentClient, guarded, type TransactItem } from '#shared/dynamo';
import { outboxPut, type EventContext } from '#shared/outbox/outbox';
import { cursorKeyPart, decodeCursor, encodeCursor } from '#shared/page-cursor';
import { AccountingError } from '../domain/errors';
import { shardOf } from '../domain/ids';
import type { Entry, MovementKind } from '../domain/ledger';
import { cents } from '#shared/money';
import type { DayFigures, LedgerStore, Posted } from '../domain/ports';
import { laneKeys } from './account-store';
import type { DayMoves } from '../domain/account-days';
import { payoutId } from '../domain/ids';
import { accountDayOf, entryOf, figuresOf, recentDayItem, statementItem } from './items';
import { ACCOUNT_DAY, FIGURE_SHARDS, INDEX, keys, ledgerIndex } from './keys';
import { getItem, getItems } from './read';

const EVENT_OF = { fee: accountFinedV1, reward: accountRewardedV1, payout: accountPaidV1 } as const;
/** Per-day counters each kind adds to (positive amounts). */
const COUNTER_OF: Record<MovementKind, string> = {
  fee: 'fees_cents',
  reward: 'rewards_cents',
  payout: 'payouts_cents',
};

const entryIsNew = 'attribute_not_exists(pk)';
const accountIsNew = 'attribute_not_exists(revision)';
const balanceAsRead = 'revision = :previous';
const noEarlierFirst = 'attribute_not_exists(first_date) OR first_date > :date';
/** Sorts after every account-day key: the end of an account's day range. */
const LAST_DAY = `${ACCOUNT_DAY}9999-99-99`;

/** A page cursor is the last key DynamoDB saw, checked to belong to the page asked for. */
const cursorSchema = z.strictObject({
  pk: cursorKeyPart,
  sk: cursorKeyPart,
  gsi1pk: cursorKeyPart,
  gsi1sk: cursorKeyPart,
});

export class DynamoLedgerStore implements LedgerStore {
  /** The earliest first-movement date this process has read: the stored one is never later. */
  private knownFirst: string | undefined;

  constructor(private readonly table: string) {}

  async findEntry(userId: string, entryId: string): Promise<Entry | undefined> {
    const item = await getItem(this.table, keys.entry(userId, entryId));
    return item && entryOf(item);
  }

  /**
   * One movement, all or nothing: the entry (new, by its deterministic id), the balance
   * (conditional on the revision read), the account's and the company's day counters, the
   * movement's event and `user.balance_changed`.
   */
  movementItems(
    { entry, account, previousRevision }: Posted,
    context: EventContext,
  ): TransactItem[] {
    const magnitude = Math.abs(entry.amount);
    const counter = COUNTER_OF[entry.kind];
    const isPayout = entry.kind === 'payout';
    const hasRecentDays = Object.keys(account.recent.days).length > 0;
    const items: TransactItem[] = [
      guarded('movement_is_new', {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.entry(entry.userId, entry.id),
            record_type: 'entry',
            entry_id: entry.id,
            user_id: entry.userId,
            kind: entry.kind,
            amount_cents: entry.amount,
            balance_after_cents: entry.balanceAfter,
            revision: entry.revision,
            task_id: entry.taskId,
            at: entry.at,
            business_date: entry.businessDate,
            ...(entry.statement && { statement: statementItem(entry.statement) }),
            gsi1pk: ledgerIndex.pk(entry.userId, entry.businessDate),
            gsi1sk: ledgerIndex.sk(entry.at, entry.id),
          },
          ConditionExpression: entryIsNew,
        },
      }),
      guarded('balance_unchanged', {
        Update: {
          TableName: this.table,
          Key: keys.account(entry.userId),
          UpdateExpression:
            'SET record_type = :type, user_id = :user, balance_cents = :balance, revision = :revision, updated_at = :at, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, recent_after = :recent_after' +
            (hasRecentDays ? ', recent_days = :recent_days' : '') +
            (isPayout ? ', last_payout_date = :paid_on, last_payout_cents = :paid' : '') +
            // No empty map is ever written: DynamoDB Local's stream hands the relay `{}` for one.
            (hasRecentDays ? '' : ' REMOVE recent_days'),
          ConditionExpression: previousRevision === 0 ? accountIsNew : balanceAsRead,
          ExpressionAttributeValues: {
            ':type': 'account',
            ':user': entry.userId,
            ':balance': account.balance,
            ':revision': account.revision,
            ':at': entry.at,
            // The account's recent days, rewritten whole: the close reads its day's end from them.
            ':recent_after': account.recent.after,
            ...(hasRecentDays && {
              ':recent_days': Object.fromEntries(
                Object.entries(account.recent.days).map(([date, day]) => [
                  date,
                  recentDayItem(day),
                ]),
              ),
            }),
            ...laneKeys(entry.userId),
            ...(previousRevision === 0 ? {} : { ':previous': previousRevision }),
            // The close reads whether an account is paid for its date from the account itself.
            ...(isPayout ? { ':paid_on': entry.businessDate, ':paid': magnitude } : {}),
          },
        },
      }),
      {
        Update: {
          TableName: this.table,
          Key: keys.accountDay(entry.userId, entry.businessDate),
          UpdateExpression: 'SET record_type = :type ADD #counter :amount',
          ExpressionAttributeNames: { '#counter': counter },
          ExpressionAttributeValues: { ':type': 'account_day', ':amount': magnitude },
        },
      },
    ];
    if (entry.taskId !== null)
      // The task's history: written with the entry (whose guard makes it once), read by task.
      items.push({
        Put: {
          TableName: this.table,
          Item: {
            ...keys.taskMovement(entry.taskId, entry.at, entry.id),
            record_type: 'task_movement',
            entry_id: entry.id,
            user_id: entry.userId,
            kind: entry.kind,
            amount_cents: entry.amount,
            at: entry.at,
          },
        },
      });
    if (!isPayout)
      items.push({
        Update: {
          TableName: this.table,
          // Spread by the entry id: concurrent movements of one day land on different items.
          Key: keys.figures(entry.businessDate, shardOf(entry.id, FIGURE_SHARDS)),
          UpdateExpression: 'SET record_type = :type, business_date = :date ADD #counter :amount',
          ExpressionAttributeNames: { '#counter': counter },
          ExpressionAttributeValues: {
            ':type': 'day_figures',
            ':date': entry.businessDate,
            ':amount': magnitude,
          },
        },
      });
    const data = {
      transaction_id: entry.id,
      user_id: entry.userId,
      task_id: entry.taskId,
      amount_cents: entry.amount,
      balance_cents: entry.balanceAfter,
      business_date: entry.businessDate,
      at: entry.at,
    };
    items.push(
      outboxPut(this.table, EVENT_OF[entry.kind], data, context),
      outboxPut(
        this.table,
        userBalanceChangedV1,
        {
          id: entry.userId,
          balance_cents: entry.balanceAfter,
          revision: entry.revision,
          changed_at: entry.at,
        },
        context,
      ),
    );
    return items;
  }

  async dayEntries(userId: string, date: string, page: { cursor?: string; limit: number }) {
    const pk = ledgerIndex.pk(userId, date);
    const { Items = [], LastEvaluatedKey } = await documentClient.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEX,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: page.cursor === undefined ? undefined : startKeyOf(page.cursor, pk),
      }),
    );
    return {
      entries: Items.map(entryOf),
      nextCursor: LastEvaluatedKey ? encodeCursor(LastEvaluatedKey) : null,
    };
  }

  async payoutEntries(userIds: readonly string[], date: string): Promise<Map<string, Entry>> {
    const items = await getItems(
      this.table,
      userIds.map((userId) => keys.entry(userId, payoutId(userId, date))),
    );
    return new Map(items.map(entryOf).map((entry) => [entry.userId, entry]));
  }

  async daysFrom(userId: string, date: string): Promise<Map<string, DayMoves>> {
    const { Items = [], LastEvaluatedKey } = await documentClient.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.account(userId).pk,
          ':from': keys.accountDay(userId, date).sk,
          ':to': LAST_DAY,
        },
        ConsistentRead: true,
      }),
    );
    // A year of days is far below a page (1 MB); a longer range is not a close's.
    if (LastEvaluatedKey)
      throw new Error(`account ${userId} has more days since ${date} than a page`);
    return new Map(Items.map(accountDayOf));
  }

  async firstMovementDate(): Promise<string | null> {
    const item = await getItem(this.table, keys.firstMovement);
    const first = (item?.first_date as string | undefined) ?? null;
    if (first !== null && (this.knownFirst === undefined || first < this.knownFirst))
      this.knownFirst = first;
    return first;
  }

  /**
   * Keeps the first movement's date the earliest: a conditional update of its own, not an item
   * of the movement's transaction, where a burst of first movements on one account would refuse
   * each other. Refused means an earlier (or the same) date is stored: what we want. A movement
   * that then never commits leaves a date a little early: a day with nothing to pay can close.
   */
  async recordMovementDate(date: string): Promise<void> {
    // The stored date only ever moves earlier: one read per process while movements are later.
    if (this.knownFirst !== undefined && this.knownFirst <= date) return;
    const first = await this.firstMovementDate();
    if (first !== null && first <= date) return;
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.firstMovement,
          UpdateExpression: 'SET record_type = :type, first_date = :date',
          ConditionExpression: noEarlierFirst,
          ExpressionAttributeValues: { ':type': 'first_movement', ':date': date },
        }),
      );
      this.knownFirst = date;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async dayFigures(dates: readonly string[]): Promise<DayFigures[]> {
    const shardKeys = dates.flatMap((date) =>
      Array.from({ length: FIGURE_SHARDS }, (_, shard) => keys.figures(date, shard)),
    );
    const items = await getItems(this.table, shardKeys);
    const totals = new Map(dates.map((date) => [date, { fees: 0, rewards: 0 }]));
    for (const item of items) {
      const total = totals.get(item.business_date as string);
      if (!total) continue;
      const figures = figuresOf(item);
      total.fees += figures.fees_cents;
      total.rewards += figures.rewards_cents;
    }
    return dates.map((date) => ({
      date,
      fees_cents: cents(totals.get(date)!.fees),
      rewards_cents: cents(totals.get(date)!.rewards),
    }));
  }
}

function startKeyOf(cursor: string, pk: string) {
  const parsed = decodeCursor(cursor, cursorSchema);
  if (!parsed || parsed.gsi1pk !== pk)
    throw new AccountingError('bad_cursor', 'the cursor is not one this list handed out');
  return parsed;
}
