import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { commit, documentClient, type TransactItem } from '#shared/dynamo';
import { Changes } from '#shared/unit-of-work/changes';
import { inParallel } from '#shared/in-parallel';
import { slicesOf } from '#shared/slices';
import { addDays, type BusinessDate } from '#shared/time/business-day';
import { shardOf, shareOf } from '../domain/earnings';
import { cents } from '#shared/money';
import type { AnalyticsDeps, MovementRecord } from '../domain/ports';
import type { DayTop, TaskFact } from '../domain/task-fact';
import { topOf } from '../domain/top-rank';
import { recordMovement } from '../use-cases/record-movement';

export interface SeedOptions {
  completedTasks: number;
  firstDay: BusinessDate;
  days: number;
  /** Employees whose balances swing around zero, one change every few days each. */
  employees?: number;
  parallel?: number;
}

/**
 * Fills Analytics' table with a long history for the query-cost measurements: the items the
 * store writers produce (task facts, movement facts, day tops, earnings shards) written in bulk
 * (BatchWrite, 25 a call) instead of one reaction per event, which would take hours for 100,000
 * tasks. Balance changes, fewer, go through the real reaction. Returns what was seeded.
 */
/** The transaction items a store writer records. */
function itemsOf(record: (changes: Changes) => void): TransactItem[] {
  const changes = new Changes({ correlationId: 'seed-history', now: new Date() });
  record(changes);
  return changes.writes as TransactItem[];
}

export async function seedHistory(deps: AnalyticsDeps, options: SeedOptions) {
  const tasks: (DayTop & { title: string })[] = Array.from(
    { length: options.completedTasks },
    (_, i) => {
      const completedOn = addDays(options.firstDay, i % options.days);
      return {
        task_id: randomUUID(),
        title: `Seeded task ${i}`,
        reward_cents: cents(2000 + ((i * 7919) % 2001)),
        completed_at: `${completedOn}T${String(8 + (i % 10)).padStart(2, '0')}:00:00.000Z`,
        completed_on: completedOn,
      };
    },
  );
  const puts: TransactItem[] = [];
  const updates = new Map<string, { item: TransactItem; fees: number; rewards: number }>();
  for (const task of tasks) {
    const fact: TaskFact = { task_id: task.task_id, title: task.title, jira_id: null, version: 0 };
    puts.push(...itemsOf((changes) => deps.facts.saved(changes, fact)));
    for (const [kind, amount] of [
      ['fine', -1500],
      ['reward', task.reward_cents],
    ] as const) {
      const movement: MovementRecord = {
        transaction_id: randomUUID(),
        kind,
        amount_cents: cents(amount),
        business_date: task.completed_on,
      };
      const share = shareOf(kind, amount);
      const [fact, shardUpdate] = itemsOf((changes) =>
        deps.earnings.recorded(changes, movement, share),
      );
      puts.push(fact!);
      // One ADD per day and shard, carrying the sum of its movements' shares.
      const key = `${movement.business_date}#${shardOf(movement.transaction_id)}`;
      const sum = updates.get(key) ?? { item: shardUpdate!, fees: 0, rewards: 0 };
      sum.fees += share.fees_cents;
      sum.rewards += share.rewards_cents;
      updates.set(key, sum);
    }
  }
  const byDay = new Map<BusinessDate, DayTop[]>();
  for (const task of tasks)
    byDay.set(task.completed_on, [...(byDay.get(task.completed_on) ?? []), task]);
  for (const dayTasks of byDay.values())
    puts.push(...itemsOf((changes) => deps.tops.offered(changes, topOf(dayTasks)!)));

  await inParallel(slicesOf(puts, 25), options.parallel ?? 8, (chunk) => batchPut(chunk));
  await inParallel([...updates.values()], options.parallel ?? 8, ({ item, fees, rewards }) => {
    const update = item.Update as UpdateCommandInput;
    return documentClient.send(
      new UpdateCommand({
        ...update,
        ExpressionAttributeValues: {
          ...update.ExpressionAttributeValues,
          ':fees': fees,
          ':rewards': rewards,
        },
      }),
    );
  });

  // Balances go through the real reaction, as movements kind 'payout' (of either sign): they
  // move the account's days but not the earnings figures seeded above.
  const employees = Array.from({ length: options.employees ?? 20 }, () => randomUUID());
  let balanceChanges = 0;
  for (const [index, employee] of employees.entries()) {
    let previous = 0;
    for (let day = index % 5; day < options.days; day += 5) {
      const businessDate = addDays(options.firstDay, day);
      const balance = (((day * 31 + index * 17) % 200) - 100) * 100;
      const changes = new Changes({ correlationId: 'seed-history', now: new Date() });
      await recordMovement(deps, changes, 'payout', {
        transaction_id: randomUUID(),
        user_id: employee,
        task_id: null,
        amount_cents: balance - previous,
        balance_cents: balance,
        business_date: businessDate,
        at: `${businessDate}T12:00:00.000Z`,
      });
      await commit(changes.writes as TransactItem[]);
      previous = balance;
      balanceChanges++;
    }
  }
  const earningsByDay = new Map<BusinessDate, number>();
  for (const [key, sum] of updates) {
    const date = key.split('#')[0]!;
    earningsByDay.set(date, (earningsByDay.get(date) ?? 0) + sum.fees - sum.rewards);
  }
  return {
    tasks: tasks.length,
    items: puts.length + updates.size,
    balanceChanges,
    earningsByDay,
    top: topOf(tasks),
  };
}

/** BatchWrite takes Puts without conditions; whatever DynamoDB leaves unprocessed is retried. */
async function batchPut(items: readonly TransactItem[]) {
  const table = items[0]!.Put!.TableName!;
  let requests = items.map((item) => ({ PutRequest: { Item: item.Put!.Item! } }));
  while (requests.length > 0) {
    const { UnprocessedItems } = await documentClient.send(
      new BatchWriteCommand({ RequestItems: { [table]: requests } }),
    );
    requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
  }
}
