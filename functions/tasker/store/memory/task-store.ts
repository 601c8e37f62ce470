import type { Changes } from '#shared/unit-of-work/changes';
import type { Assignment } from '../../domain/assignment';
import type { ListScope } from '../../domain/listing';
import type { StoredTask, TaskPage, TaskStore } from '../../domain/ports';
import type { Task, TaskPrice } from '../../domain/task';
import { listOf } from './task-list';
import type { TaskerTables } from './tables';

/** Tasker's tasks and their prices, in memory. */
export class MemoryTaskStore implements TaskStore {
  constructor(private readonly tables: TaskerTables) {}

  async find(id: string): Promise<StoredTask | undefined> {
    const task = this.tables.tasks.get(id);
    if (!task) return undefined;
    const price = this.priceOf(id);
    return price ? { task, price } : { task };
  }

  async pricesOf(taskIds: readonly string[]): Promise<Map<string, TaskPrice>> {
    return new Map(
      [...new Set(taskIds)].flatMap((id) => {
        const price = this.priceOf(id);
        return price ? [[id, price] as const] : [];
      }),
    );
  }

  async list(scope: ListScope, limit: number, cursor: string | undefined): Promise<TaskPage> {
    return listOf(this.tables.tasks.values(), scope, limit, cursor);
  }

  created(changes: Changes, task: Task, assignment: Assignment): void {
    changes.write(
      this.tables.tasks.put(task.id, task, { guard: 'task_is_new', when: (t) => !t }),
      this.tables.users.check(
        assignment.assignee_id,
        (user) => user?.assignable === true,
        'assignee_is_assignable',
      ),
    );
  }

  completed(changes: Changes, task: Task, callerId: string, at: Date): void {
    changes.write(
      this.tables.tasks.update(
        task.id,
        (t) => ({ ...t!, status: 'completed', completed_at: at.toISOString() }),
        {
          guard: 'task_is_open_and_callers',
          when: (t) => t?.status === 'open' && t.assignee_id === callerId,
        },
      ),
    );
  }

  private priceOf(id: string): TaskPrice | undefined {
    const stored = this.tables.prices.get(id);
    return stored && { fee_cents: stored.fee_cents, reward_cents: stored.reward_cents };
  }
}
