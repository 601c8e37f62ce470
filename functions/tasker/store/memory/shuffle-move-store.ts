import type { Changes } from '#shared/unit-of-work/changes';
import type { Assignment } from '../../domain/assignment';
import type { ShuffleMoveStore } from '../../domain/ports';
import type { Task } from '../../domain/task';
import type { TaskerTables } from './tables';

/** The reshuffle's reads of open tasks, and its moves, in memory. */
export class MemoryShuffleMoveStore implements ShuffleMoveStore {
  constructor(private readonly tables: TaskerTables) {}

  async countOpen(): Promise<number> {
    return this.openInOrder().length;
  }

  /**
   * Open tasks by creation time, then id (gsi2's sort key). Like a DynamoDB query with a
   * limit, a full page does not know whether more follow: only a short page is `exhausted`.
   */
  async openPage(after: string | null, limit: number) {
    const page = this.openInOrder()
      .filter((entry) => after === null || entry.sortKey > after)
      .slice(0, limit);
    return {
      taskIds: page.map((entry) => entry.task.id),
      lastSortKey: page.at(-1)?.sortKey ?? null,
      exhausted: page.length < limit,
    };
  }

  async read(taskIds: readonly string[]): Promise<Task[]> {
    return taskIds.flatMap((id) => this.tables.tasks.get(id) ?? []);
  }

  moved(changes: Changes, task: Task, assignment: Assignment, jobId: string): void {
    changes.write(
      this.tables.tasks.update(
        task.id,
        (current) => ({
          ...current!,
          assignee_id: assignment.assignee_id,
          assignment_id: assignment.assignment_id,
          assignment_seq: assignment.assignment_seq,
          assigned_at: assignment.assigned_at,
          last_shuffle_job: jobId,
        }),
        {
          guard: this.moveGuard(task.id),
          when: (current) =>
            current?.status === 'open' && current.assignment_seq === task.assignment_seq,
        },
      ),
    );
  }

  moveGuard(taskId: string): string {
    return `task_open_as_read:${taskId}`;
  }

  private openInOrder() {
    return this.tables.tasks
      .values()
      .filter((task) => task.status === 'open')
      .map((task) => ({ task, sortKey: `${task.created_at}#${task.id}` }))
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  }
}
