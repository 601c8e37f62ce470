import type { TaskCreatedFacts } from '#events/tasker/upcast-task-created';
import type { Changes } from '#shared/unit-of-work/changes';
import { MemoryTable } from '#shared/unit-of-work/memory-table';
import type { Entry } from '../../domain/ledger';
import type { TaskDetails, TaskHistoryPage, TaskMovement, TaskStore } from '../../domain/ports';
import type { Price } from '../../domain/pricing';
import { mergedPage, positionAfter, positionOf } from '../history-page';

/** What the task index copies of a fee or reward entry. */
const movementOf = (entry: Entry): TaskMovement => ({
  id: entry.id,
  userId: entry.userId,
  kind: entry.kind === 'reward' ? 'reward' : 'fee',
  amount: entry.amount,
  at: entry.at,
});

/** Accounting's tasks in memory: details, prices, and the history read from the ledger's entries. */
export class MemoryPricedTaskStore implements TaskStore {
  readonly details = new MemoryTable<TaskDetails>('task-details');
  readonly prices = new MemoryTable<Price & { pricedAt: string }>('prices');

  constructor(private readonly entries: MemoryTable<Entry>) {}

  /** The task's price, without when it was rolled. */
  priceOf(taskId: string): Price | undefined {
    const price = this.prices.get(taskId);
    return price && { fee: price.fee, reward: price.reward };
  }

  async findKnown(taskId: string) {
    const details = this.details.get(taskId) ?? null;
    const price = this.priceOf(taskId) ?? null;
    return details || price ? { details, price } : null;
  }

  /**
   * As the task index with DynamoDB's Limit and a filter: the task's fee and reward entries in
   * order, `limit` read from the cursor's position, then `onlyUser` keeps some.
   */
  async history(
    taskId: string,
    page: { cursor?: string; limit: number; onlyUser?: string },
  ): Promise<TaskHistoryPage> {
    const after = positionAfter(page.cursor, taskId);
    const read = this.entries
      .values()
      .flatMap((entry) =>
        entry.taskId === taskId && entry.kind !== 'payout'
          ? [{ position: positionOf(entry.at, entry.id), movement: movementOf(entry) }]
          : [],
      )
      .filter(({ position }) => after === undefined || position > after)
      .sort((a, b) => (a.position < b.position ? -1 : 1))
      .slice(0, page.limit);
    const rows = read.filter(
      ({ movement }) => page.onlyUser === undefined || movement.userId === page.onlyUser,
    );
    const stoppedAt = read.length === page.limit ? (read.at(-1)?.position ?? null) : null;
    return mergedPage(taskId, [{ rows, stoppedAt }], page.limit);
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
