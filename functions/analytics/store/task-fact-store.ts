import * as z from '#events/zod';
import { batchGet, guarded, itemAt } from '#shared/dynamo';
import { consistentReadsAtOnce, type ReadsAtOnce } from '#shared/reads-at-once';
import { cents } from '#shared/money';
import type { Changes } from '#shared/unit-of-work/changes';
import type { TaskFactStore, TaskTitle } from '../domain/ports';
import type { TaskFact } from '../domain/task-fact';
import { keys, versionLock } from './keys';

const nullable = <T extends z.ZodMiniType>(schema: T) => z._default(z.nullable(schema), null);

const factItem = z.object({
  task_id: z.string(),
  title: nullable(z.string()),
  jira_id: nullable(z.string()),
  version: z.number().check(z.int(), z.positive()),
  applied_events: z.optional(z.array(z.string())),
  // Written by task.priced and task.completed before the reward movement ranked the task.
  reward_cents: nullable(z.number().check(z.int())),
  completed_at: nullable(z.string()),
  completed_on: nullable(z.string()),
  counted_on: nullable(z.string()),
});

const factOf = (item: unknown): TaskFact => {
  const { reward_cents, completed_at, completed_on, counted_on, ...fact } = factItem.parse(item);
  const legacy = reward_cents ?? completed_at ?? counted_on;
  return legacy === null
    ? fact
    : {
        ...fact,
        legacy: {
          reward_cents: reward_cents === null ? null : cents(reward_cents),
          completed_at,
          completed_on,
          counted_on,
        },
      };
};

export class DynamoTaskFactStore implements TaskFactStore {
  /** `reads`: the table's, shared with the movements' (wiring), so a batch reads in one call. */
  constructor(
    private readonly tableName: string,
    private readonly reads: ReadsAtOnce = consistentReadsAtOnce(tableName),
  ) {}

  /** Consistently, with the other reads its batch's reactions ask for at once. */
  async find(taskId: string): Promise<TaskFact | undefined> {
    const key = keys.taskFact(taskId);
    const item = itemAt(await this.reads.itemsAt([key]), key);
    return item ? factOf(item) : undefined;
  }

  /**
   * The whole fact, written only if its version is still the one read (or it is still absent):
   * two copies of `task.created` consumed at once cannot both write. A former fact keeps its
   * reward and completion fields, flat, as they were stored.
   */
  saved(changes: Changes, { legacy, ...fact }: TaskFact): void {
    changes.write(
      guarded('task_fact_unchanged', {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.taskFact(fact.task_id),
            record_type: 'task_fact',
            ...fact,
            ...legacy,
            version: fact.version + 1,
          },
          ...versionLock(fact.version),
        },
      }),
    );
  }

  /** One BatchGetItem per 100 tasks: the most-expensive answer's few winners. */
  async titles(taskIds: readonly string[]): Promise<Map<string, TaskTitle>> {
    const items = await batchGet(this.tableName, taskIds.map(keys.taskFact), {
      consistent: false,
    });
    const titles = new Map<string, TaskTitle>();
    for (const item of items) {
      const fact = factOf(item);
      if (fact.title !== null)
        titles.set(fact.task_id, { title: fact.title, jira_id: fact.jira_id });
    }
    return titles;
  }
}
