import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { documentClient, guarded, type TransactItem } from '#shared/dynamo';
import { addDays, type BusinessDate } from '#shared/time/business-day';
import type {
  AccountNeighbourhood,
  BalanceChange,
  DayBalance,
  DayDelta,
} from '../domain/negative-balance';
import type { BalanceStore } from '../domain/ports';
import { keys, tableName, versionLock } from './keys';
import { queryAll } from '#shared/query-all';

const dayItem = z.object({
  business_date: z.string(),
  revision: z.number().int().positive(),
  balance_cents: z.number().int(),
});
const stateItem = z.object({ version: z.number().int().positive() });
const deltaItem = z.object({ delta: z.number().int() });

const FIRST_DAY_SK = keys.accountDaySk('0000-01-01');
const LAST_DAY_SK = keys.accountDaySk('9999-12-31');

const dayBalanceOf = (item: unknown): DayBalance => {
  const day = dayItem.parse(item);
  return { date: day.business_date, revision: day.revision, balance_cents: day.balance_cents };
};

export class DynamoBalanceStore implements BalanceStore {
  /**
   * Three small reads of one account's partition: its state (for the lock), its latest day
   * item up to `date`, and its first day item after `date`. None grows with history.
   */
  async neighbourhood(
    accountId: string,
    date: BusinessDate,
  ): Promise<AccountNeighbourhood & { version: number }> {
    const table = tableName();
    const pk = keys.accountPk(accountId);
    const nearest = (from: string, to: string, forward: boolean) =>
      documentClient
        .send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
            ScanIndexForward: forward,
            ConsistentRead: true,
            Limit: 1,
          }),
        )
        .then(({ Items }) => (Items?.[0] ? dayBalanceOf(Items[0]) : undefined));
    const [state, upTo, after] = await Promise.all([
      documentClient.send(
        new GetCommand({
          TableName: table,
          Key: keys.accountState(accountId),
          ConsistentRead: true,
        }),
      ),
      nearest(FIRST_DAY_SK, keys.accountDaySk(date), false),
      nearest(keys.accountDaySk(addDays(date, 1)), LAST_DAY_SK, true),
    ]);
    const sameDay = upTo?.date === date ? upTo : undefined;
    return {
      version: state.Item ? stateItem.parse(state.Item).version : 0,
      sameDay,
      before: sameDay ? undefined : upTo,
      after,
    };
  }

  apply(
    accountId: string,
    change: BalanceChange,
    dayBalance: DayBalance,
    deltas: readonly DayDelta[],
    readVersion: number,
  ): TransactItem[] {
    const table = tableName();
    return [
      guarded('account_unchanged', {
        Put: {
          TableName: table,
          Item: {
            ...keys.accountState(accountId),
            record_type: 'account_state',
            version: readVersion + 1,
            last_revision: change.revision,
          },
          ...versionLock(readVersion),
        },
      }),
      {
        Put: {
          TableName: table,
          Item: {
            ...keys.accountDay(accountId, dayBalance.date),
            record_type: 'account_day_balance',
            business_date: dayBalance.date,
            revision: dayBalance.revision,
            balance_cents: dayBalance.balance_cents,
          },
        },
      },
      ...deltas.map((d): TransactItem => ({
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
