import type { TaskCreatedFacts } from '#events/tasker/upcast-task-created';
import * as z from '#events/zod';
import { decodeCursor, encodeCursor, invalidCursor } from '#shared/page-cursor';
import type { Changes } from '#shared/unit-of-work/changes';
import { MemoryTable } from '#shared/unit-of-work/memory-table';
import type { TaskDetails, TaskHistoryPage, TaskMovement, TaskStore } from '../../domain/ports';
import type { Price } from '../../domain/pricing';
import { taskMovementKey } from './ledger-store';

const cursorSchema = z.strictObject({ task: z.string(), key: z.string() });

/** Accounting's tasks in memory: details, prices, and the movements the ledger writes beside them. */
export class MemoryPricedTaskStore implements TaskStore {
  readonly details = new MemoryTable<TaskDetails>('task-details');
  readonly prices = new MemoryTable<Price & { pricedAt: string }>('prices');

  constructor(private readonly movements: MemoryTable<TaskMovement & { taskId: string }>) {}

  async findPrice(taskId: string) {
    const price = this.prices.get(taskId);
    return price && { fee: price.fee, reward: price.reward };
  }

  async findKnown(taskId: string) {
    const details = this.details.get(taskId) ?? null;
    const price = (await this.findPrice(taskId)) ?? null;
    return details || price ? { details, price } : null;
  }

  /** As DynamoDB's Limit with a filter: `limit` movements are read, then `onlyUser` keeps some. */
  async history(
    taskId: string,
    page: { cursor?: string; limit: number; onlyUser?: string },
  ): Promise<TaskHistoryPage> {
    const all = this.movements
      .values()
      .filter((m) => m.taskId === taskId)
      .map((m) => ({ movement: m, key: taskMovementKey(m.taskId, m.at, m.id) }));
    let from = 0;
    if (page.cursor !== undefined) {
      const cursor = decodeCursor(page.cursor, cursorSchema);
      if (!cursor || cursor.task !== taskId) throw invalidCursor();
      from = all.findIndex(({ key }) => key > cursor.key);
      if (from < 0) from = all.length;
    }
    const read = all.slice(from, from + page.limit);
    const last = read.at(-1);
    return {
      movements: read
        .filter(({ movement }) => page.onlyUser === undefined || movement.userId === page.onlyUser)
        .map(({ movement: { taskId: _task, ...movement } }) => movement),
      nextCursor:
        read.length === page.limit && last ? encodeCursor({ task: taskId, key: last.key }) : null,
    };
  }

  priced(changes: Changes, taskId: string, price: Price, pricedAt: Date): void {
    changes.write(
      this.prices.put(
        taskId,
        { ...price, pricedAt: pricedAt.toISOString() },
        { guard: 'price_is_new', when: (current) => current === undefined },
      ),
    );
  }

  described(changes: Changes, facts: TaskCreatedFacts): void {
    const { id, title, jira_id, description } = facts;
    changes.write(
      this.details.put(
        id,
        { id, title, jira_id, description },
        { guard: 'task_is_new', when: (current) => current === undefined },
      ),
    );
  }

  async findDetails(taskIds: readonly string[]) {
    const found = taskIds.flatMap((id) => this.details.get(id) ?? []);
    return new Map(found.map((task) => [task.id, task]));
  }
}
