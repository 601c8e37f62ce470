import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { documentClient, guarded, type TransactItem } from '#shared/dynamo';
import type { BusinessDate } from '#shared/time/business-day';
import type { AccountDays, DayDelta, MovementEffect } from '../domain/negative-balance';
import type { BalanceStore } from '../domain/ports';
import { keys, tableName, versionLock } from './keys';
import { queryAll } from './query-all';

const dayItem = z.object({ business_date: z.string(), balance_cents: z.number().int() });
const stateItem = z.object({ version: z.number().int().positive() });
const deltaItem = z.object({ delta: z.number().int() });

const FIRST_DAY_SK = keys.accountDaySk('0000-01-01');
const LAST_DAY_SK = keys.accountDaySk('9999-12-31');

const dayBalanceOf = (item: unknown) => {
  const day = dayItem.parse(item);
  return { date: day.business_date, balance_cents: day.balance_cents };
};

export class DynamoBalanceStore implements BalanceStore {
  /**
   * One account's partition around a day: its state (for the lock), its latest day item before
   * `date`, and at most `limit` day items from `date` on (the caller refuses more than it can
   * write in one transaction, so it never needs the rest).
   */
  async accountDays(
    accountId: string,
    date: BusinessDate,
    limit: number,
  ): Promise<AccountDays & { version: number }> {
    const table = tableName();
    const pk = keys.accountPk(accountId);
    const days = (from: string, to: string, forward: boolean, count: number) =>
      documentClient
        .send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
            ScanIndexForward: forward,
            ConsistentRead: true,
            Limit: count,
          }),
        )
        .then(({ Items }) => (Items ?? []).map(dayBalanceOf));
    const [state, before, fromDay] = await Promise.all([
      documentClient.send(
        new GetCommand({
          TableName: table,
          Key: keys.accountState(accountId),
          ConsistentRead: true,
        }),
      ),
      days(FIRST_DAY_SK, keys.accountDaySk(date), false, 2),
      days(keys.accountDaySk(date), LAST_DAY_SK, true, limit),
    ]);
    return {
      version: state.Item ? stateItem.parse(state.Item).version : 0,
      before: before.find((day) => day.date < date),
      fromDay,
    };
  }

  apply(accountId: string, effect: MovementEffect, readVersion: number): TransactItem[] {
    const table = tableName();
    return [
      guarded('account_unchanged', {
        Put: {
          TableName: table,
          Item: {
            ...keys.accountState(accountId),
            record_type: 'account_state',
            version: readVersion + 1,
          },
          ...versionLock(readVersion),
        },
      }),
      ...effect.days.map((day): TransactItem => ({
        Put: {
          TableName: table,
          Item: {
            ...keys.accountDay(accountId, day.date),
            record_type: 'account_day_balance',
            business_date: day.date,
            balance_cents: day.balance_cents,
          },
        },
      })),
      ...effect.deltas.map((d: DayDelta): TransactItem => ({
        Update: {
          TableName: table,
          Key: keys.negativeDelta(d.date),
          UpdateExpression: 'ADD delta :delta SET record_type = :type',
          ExpressionAttributeValues: { ':delta': d.delta, ':type': 'negative_balance_delta' },
        },
      })),
    ];
  }

  async deltasUpTo(date: BusinessDate): Promise<number[]> {
    const items = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk <= :date',
      ExpressionAttributeValues: { ':pk': keys.negativeDeltasPk, ':date': date },
      ConsistentRead: true,
    });
    return items.map((item) => deltaItem.parse(item).delta);
  }
}
