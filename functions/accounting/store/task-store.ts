import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import type { TaskCreatedFacts } from '#events/tasker/upcast-task-created';
import { guarded, type TransactItem } from '#shared/dynamo';
import { outboxPut, type EventContext } from '#shared/outbox/outbox';
import type { TaskDetails, TaskStore } from '../domain/ports';
import type { Price } from '../domain/pricing';
import { priceOf, taskDetailsOf } from './items';
import { keys } from './keys';
import { getItem, getItems } from './read';

const priceIsNew = 'attribute_not_exists(pk)';

export class DynamoTaskStore implements TaskStore {
  constructor(private readonly table: string) {}

  async findPrice(taskId: string): Promise<Price | undefined> {
    const item = await getItem(this.table, keys.price(taskId));
    return item && priceOf(item);
  }

  /**
   * The first price written wins: if another reaction priced the task between our read and this
   * write, the transaction is refused and the retry reads that price. `task.priced` is in the
   * same transaction, so it is published exactly when the price is stored.
   */
  priceItems(taskId: string, price: Price, pricedAt: Date, context: EventContext): TransactItem[] {
    const priced_at = pricedAt.toISOString();
    return [
      guarded('price_is_new', {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.price(taskId),
            record_type: 'price',
            task_id: taskId,
            fee_cents: price.fee,
            reward_cents: price.reward,
            priced_at,
          },
          ConditionExpression: priceIsNew,
        },
      }),
      outboxPut(
        this.table,
        taskPricedV1,
        { id: taskId, fee_cents: price.fee, reward_cents: price.reward, priced_at },
        context,
      ),
    ];
  }

  /** The task as its creator described it; entries join it when they are read. */
  detailsItems(facts: TaskCreatedFacts): TransactItem[] {
    return [
      {
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
        },
      },
    ];
  }

  async findDetails(taskIds: readonly string[]): Promise<Map<string, TaskDetails>> {
    const unique = [...new Set(taskIds)];
    const items = await getItems(this.table, unique.map(keys.task));
    return new Map(items.map(taskDetailsOf).map((task) => [task.id, task]));
  }
}
