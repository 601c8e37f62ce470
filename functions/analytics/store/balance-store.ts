import * as z from '#events/zod';
import { guarded, type TransactItem } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import { queryAll } from '#shared/query-all';
import type { BusinessDate } from '#shared/time/business-day';
import type { DayBalance, MovementEffect } from '../domain/negative-balance';
import type { BalanceStore } from '../domain/ports';
import { keys, versionLock } from './keys';

/**
 * All of an account's end-of-day balances live in ONE item (`days`: date → cents), so one
 * consistent read of it (movement-reads.ts) gives them together with the version the write is
 * conditional on: a movement's days and deltas can never be computed from a mix of older and
 * newer items.
 */
const daysItem = z.object({
  version: z.number().check(z.int(), z.positive()),
  days: z.record(z.string(), z.number().check(z.int())),
});
const deltaItem = z.object({ delta: z.number().check(z.int()) });

/** An account's days item as read (absent: no day yet, version 0), its days oldest first. */
export function accountDaysOf(stored: unknown): { days: DayBalance[]; version: number } {
  if (stored === undefined) return { days: [], version: 0 };
  const item = daysItem.parse(stored);
  const days = Object.entries(item.days)
    .map(([date, balance_cents]) => ({ date, balance_cents }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  return { days, version: item.version };
}

export class DynamoBalanceStore implements BalanceStore {
  constructor(private readonly tableName: string) {}

  applied(changes: Changes, accountId: string, effect: MovementEffect, readVersion: number): void {
    const table = this.tableName;
    changes.write(
      guarded('account_unchanged', {
        Put: {
          TableName: table,
          Item: {
            ...keys.accountDays(accountId),
            record_type: 'account_days',
            version: readVersion + 1,
            days: Object.fromEntries(effect.days.map((d) => [d.date, d.balance_cents])),
          },
          ...versionLock(readVersion),
        },
      }),
      ...effect.deltas.map((d): TransactItem => ({
        Update: {
          TableName: table,
          Key: keys.negativeDelta(d.date),
          UpdateExpression: 'ADD delta :delta SET record_type = :type',
          ExpressionAttributeValues: { ':delta': d.delta, ':type': 'negative_balance_delta' },
        },
      })),
    );
  }

  async deltasUpTo(date: BusinessDate): Promise<number[]> {
    const items = await queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk <= :date',
      ExpressionAttributeValues: { ':pk': keys.negativeDeltasPk, ':date': date },
      ConsistentRead: true,
    });
    return items.map((item) => deltaItem.parse(item).delta);
  }
}
