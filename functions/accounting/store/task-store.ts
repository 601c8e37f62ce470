import type { TaskCreatedFacts } from '#events/tasker/upcast-task-created';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, guarded, type TransactItem } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { TaskDetails, TaskHistoryPage, TaskStore } from '../domain/ports';
import type { Price } from '../domain/pricing';
import { priceOf, taskDetailsOf, taskMovementOf } from './items';
import { mergedPage, positionAfter, positionOf, type SourcePage } from './history-page';
import { keys, TASK_INDEX, TASK_MOVEMENT, taskIndex } from './keys';
import { getItems } from './read';

const priceIsNew = 'attribute_not_exists(pk)';
const taskIsNew = 'attribute_not_exists(pk)';
/** The details' guard: written once per task, so the item marks the event that described it. */
export const TASK_IS_NEW = 'task_is_new';
const isTaskMovement = 'pk = :pk AND begins_with(sk, :move)';
const isTasksEntry = 'gsi2pk = :pk';
const isTasksEntryAfter = 'gsi2pk = :pk AND gsi2sk > :after';
const ofAccount = 'user_id = :user';

/** Accounting's tasks: their details, prices and money history (not Tasker's task store). */
export class DynamoPricedTaskStore implements TaskStore {
  constructor(private readonly table: string) {}

  /**
   * The first price written wins: if another reaction priced the task between our read and this
   * write, the transaction is refused and the retry reads that price.
   */
  priced(changes: Changes, taskId: string, price: Price, pricedAt: Date): void {
    changes.write(
      guarded('price_is_new', {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.price(taskId),
            record_type: 'price',
            task_id: taskId,
            fee_cents: price.fee,
            reward_cents: price.reward,
            priced_at: pricedAt.toISOString(),
          },
          ConditionExpression: priceIsNew,
        },
      }),
    );
  }

  /** The task as its creator described it, once; entries join it when they are read. */
  described(changes: Changes, facts: TaskCreatedFacts): void {
    const details: TransactItem = guarded(TASK_IS_NEW, {
      Put: {
        TableName: this.table,
        Item: {
          ...keys.task(facts.id),
          record_type: 'task',
          task_id: facts.id,
          title: facts.title,
          jira_id: facts.jira_id,
          description: facts.description,
          created_at: facts.created_at,
        },
        ConditionExpression: taskIsNew,
      },
    });
    changes.write(details);
  }

  async findDetails(taskIds: readonly string[]): Promise<Map<string, TaskDetails>> {
    const unique = [...new Set(taskIds)];
    const items = await getItems(this.table, unique.map(keys.task));
    return new Map(items.map(taskDetailsOf).map((task) => [task.id, task]));
  }

  async findKnown(taskId: string) {
    const items = await getItems(this.table, [keys.task(taskId), keys.price(taskId)]);
    if (items.length === 0) return null;
    const details = items.find((item) => item.sk === keys.task(taskId).sk);
    const price = items.find((item) => item.sk === keys.price(taskId).sk);
    return {
      details: details ? taskDetailsOf(details) : null,
      price: price ? priceOf(price) : null,
    };
  }

  /**
   * A page of the task's movements, oldest first: the fee and reward entries through the task
   * index (eventually consistent: a movement just posted may show a moment later), merged with
   * the movement lines written before the index (the same movement in both is shown once). With
   * `onlyUser` the page keeps that account's (a filter after the read: a page may come back
   * short, or empty with a cursor).
   */
  async history(
    taskId: string,
    page: { cursor?: string; limit: number; onlyUser?: string },
  ): Promise<TaskHistoryPage> {
    const after = positionAfter(page.cursor, taskId);
    const ofUser =
      page.onlyUser === undefined
        ? {}
        : { FilterExpression: ofAccount, ExpressionAttributeValues: { ':user': page.onlyUser } };
    const [indexed, lines] = await Promise.all([
      documentClient.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: TASK_INDEX,
          KeyConditionExpression: after === undefined ? isTasksEntry : isTasksEntryAfter,
          ...ofUser,
          ExpressionAttributeValues: {
            ':pk': taskIndex.pk(taskId),
            ...(after === undefined ? {} : { ':after': after }),
            ...ofUser.ExpressionAttributeValues,
          },
          Limit: page.limit,
        }),
      ),
      documentClient.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: isTaskMovement,
          ...ofUser,
          ExpressionAttributeValues: {
            ':pk': keys.task(taskId).pk,
            ':move': TASK_MOVEMENT,
            ...ofUser.ExpressionAttributeValues,
          },
          Limit: page.limit,
          // A line's sort key is its position behind the prefix: resume right after the cursor's.
          ExclusiveStartKey:
            after === undefined
              ? undefined
              : { pk: keys.task(taskId).pk, sk: `${TASK_MOVEMENT}${after}` },
        }),
      ),
    ]);
    return mergedPage(
      taskId,
      [
        sourcePage(indexed, (key) => String(key.gsi2sk)),
        sourcePage(lines, (key) => String(key.sk).slice(TASK_MOVEMENT.length)),
      ],
      page.limit,
    );
  }
}

/** A Query's movements with their positions, and the position it stopped at. */
function sourcePage(
  {
    Items = [],
    LastEvaluatedKey,
  }: { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> },
  positionOfKey: (key: Record<string, unknown>) => string,
): SourcePage {
  return {
    rows: Items.map((item) => {
      const movement = taskMovementOf(item);
      return { position: positionOf(movement.at, movement.id), movement };
    }),
    stoppedAt: LastEvaluatedKey ? positionOfKey(LastEvaluatedKey) : null,
  };
}
