import { guarded, type TransactItem } from '#shared/dynamo';
import { shardOf } from '../domain/ids';
import type { Posted } from '../domain/ports';
import { laneKeys, SET_LANE_KEYS } from './account-store';
import { recentDayItem, statementItem } from './items';
import { FIGURE_SHARDS, keys, ledgerIndex, taskIndex } from './keys';

const entryIsNew = 'attribute_not_exists(pk)';
/** The entry's guard: an entry is keyed by its movement, so it marks the event that caused it. */
export const MOVEMENT_IS_NEW = 'movement_is_new';
const accountIsNew = 'attribute_not_exists(revision)';
const balanceAsRead = 'revision = :previous';

/**
 * One movement, all or nothing: the entry (new, by its deterministic id; guard
 * `movement_is_new`), the balance (conditional on the revision read; guard `balance_unchanged`)
 * with the account's recent days, and the company's day counters. A fee's or reward's entry also
 * carries the task index's keys: the task's history reads it there. An older day of the account
 * is summed from its entries when a close needs it (`daysFrom`). The events are the use case's
 * to publish.
 */
export function movementWrites(
  table: string,
  { entry, account, previousRevision }: Posted,
  /** The unit's `spreadBy` (a consumer's group): movements committed together share a shard. */
  spreadBy?: string,
): TransactItem[] {
  const magnitude = Math.abs(entry.amount);
  const isPayout = entry.kind === 'payout';
  const hasRecentDays = Object.keys(account.recent.days).length > 0;
  const items: TransactItem[] = [
    guarded(MOVEMENT_IS_NEW, {
      Put: {
        TableName: table,
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
          // A fee or reward is also its task's history, through the task index: no line of its own.
          ...(entry.taskId !== null && {
            gsi2pk: taskIndex.pk(entry.taskId),
            gsi2sk: taskIndex.sk(entry.at, entry.id),
          }),
        },
        ConditionExpression: entryIsNew,
      },
    }),
    guarded('balance_unchanged', {
      Update: {
        TableName: table,
        Key: keys.account(entry.userId),
        UpdateExpression:
          'SET record_type = :type, user_id = :user, balance_cents = :balance, revision = :revision, updated_at = :at, recent_after = :recent_after' +
          (previousRevision === 0 ? `, ${SET_LANE_KEYS}` : '') + // lane keys once: docs/accounting.md
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
              Object.entries(account.recent.days).map(([date, day]) => [date, recentDayItem(day)]),
            ),
          }),
          ...(previousRevision === 0 && laneKeys(entry.userId)),
          ...(previousRevision === 0 ? {} : { ':previous': previousRevision }),
          // The close reads whether an account is paid for its date from the account itself.
          ...(isPayout ? { ':paid_on': entry.businessDate, ':paid': magnitude } : {}),
        },
      },
    }),
  ];
  if (!isPayout)
    items.push({
      Update: {
        TableName: table,
        // Spread by the entry id: concurrent movements of one day land on different items. The
        // movements of one group commit share its key instead: one item, their adds merged.
        Key: keys.figures(entry.businessDate, shardOf(spreadBy ?? entry.id, FIGURE_SHARDS)),
        // Both counters, one of them by zero: a fee's and a reward's adds to one shard are then
        // the same expression, and a group commit merges them into one write.
        UpdateExpression:
          'SET record_type = :type, business_date = :date ADD fees_cents :fees, rewards_cents :rewards',
        ExpressionAttributeValues: {
          ':type': 'day_figures',
          ':date': entry.businessDate,
          ':fees': entry.kind === 'fee' ? magnitude : 0,
          ':rewards': entry.kind === 'reward' ? magnitude : 0,
        },
      },
    });
  return items;
}
