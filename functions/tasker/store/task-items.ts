import * as z from 'zod';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import type { TransactItem } from '#shared/dynamo';
import { outboxPut, outboxPutMany, type EventContext } from '#shared/outbox/outbox';
import type { Assignment } from '../domain/assignment';
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

const nullable = <T extends z.ZodType>(schema: T) =>
  schema.nullish().transform((value) => value ?? null);

/** A stored task, parsed: a renamed or missing attribute fails here, not later as `undefined`. */
const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  jira_id: nullable(z.string()),
  description: z.string().default(''),
  status: z.enum(TASK_STATUSES),
  assignee_id: z.string(),
  assignment_id: z.string(),
  assignment_seq: z.number().int(),
  assigned_at: z.string(),
  created_at: z.string(),
  completed_at: nullable(z.string()),
  last_shuffle_job: nullable(z.string()),
});

export const taskOf = (item: Record<string, unknown>): Task => taskSchema.parse(item);

const priceSchema = z.object({
  task_id: z.string(),
  fee_cents: z.number().int(),
  reward_cents: z.number().int(),
  priced_at: z.string(),
});

export const priceItemOf = (item: Record<string, unknown>) => priceSchema.parse(item);

export const priceOf = (item: Record<string, unknown>): TaskPrice => {
  const { fee_cents, reward_cents } = priceItemOf(item);
  return { fee_cents, reward_cents };
};

const taskAssignedData = (task: Task, assignment: Assignment) => ({
  id: task.id,
  user_id: assignment.assignee_id,
  assignment_id: assignment.assignment_id,
  assignment_seq: assignment.assignment_seq,
  assigned_at: assignment.assigned_at,
});

/** The task's own event, written beside every assignment of it (creation and each move). */
export const taskAssignedPut = (
  tableName: string,
  task: Task,
  assignment: Assignment,
  context: EventContext,
): TransactItem =>
  outboxPut(tableName, taskAssignedV1, taskAssignedData(task, assignment), context);

/** The `task.assigned` of many moves in one outbox row (a reshuffle's transaction). */
export const tasksAssignedPut = (
  tableName: string,
  moves: readonly { task: Task; assignment: Assignment }[],
  context: EventContext,
): TransactItem[] =>
  outboxPutMany(
    tableName,
    taskAssignedV1,
    moves.map(({ task, assignment }) => taskAssignedData(task, assignment)),
    context,
  );
