import * as z from '#events/zod';
import { cents } from '#shared/money';
import { TASK_STATUSES, type Task, type TaskPrice } from '../domain/task';
import { byAssigneeIndex, byStatusIndex, keys } from './keys';

/** A task's item with the index keys that put it in its assignee's and its status's lists. */
export function taskItem(task: Task) {
  return {
    ...keys.task(task.id),
    record_type: 'task',
    ...task,
    gsi1pk: byAssigneeIndex.pk(task.assignee_id),
    gsi1sk: byAssigneeIndex.sk(task.status, task.created_at, task.id),
    gsi2pk: byStatusIndex.pk(task.status),
    gsi2sk: byStatusIndex.sk(task.created_at, task.id),
  };
}

const nullable = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.nullish(schema),
    z.transform((value) => value ?? null),
  );

/** A stored task, parsed: a renamed or missing attribute fails here, not later as `undefined`. */
const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  jira_id: nullable(z.string()),
  description: z._default(z.string(), ''),
  status: z.enum(TASK_STATUSES),
  assignee_id: z.string(),
  assignment_id: z.string(),
  assignment_seq: z.number().check(z.int()),
  assigned_at: z.string(),
  created_at: z.string(),
  completed_at: nullable(z.string()),
  last_shuffle_job: nullable(z.string()),
});

export const taskOf = (item: Record<string, unknown>): Task => taskSchema.parse(item);

const priceSchema = z.object({
  task_id: z.string(),
  fee_cents: z.pipe(z.number().check(z.int()), z.transform(cents)),
  reward_cents: z.pipe(z.number().check(z.int()), z.transform(cents)),
  priced_at: z.string(),
});

export const priceItemOf = (item: Record<string, unknown>) => priceSchema.parse(item);

export const priceOf = (item: Record<string, unknown>): TaskPrice => {
  const { fee_cents, reward_cents } = priceItemOf(item);
  return { fee_cents, reward_cents };
};
