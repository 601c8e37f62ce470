import type { Task, TaskPrice } from '../domain/task';
import { byAssigneeIndex, byStatusIndex, keys } from './table';

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

export function taskOf(item: Record<string, unknown>): Task {
  return {
    id: item.id as string,
    title: item.title as string,
    jira_id: (item.jira_id as string | null | undefined) ?? null,
    description: (item.description as string | undefined) ?? '',
    status: item.status as Task['status'],
    assignee_id: item.assignee_id as string,
    assignment_id: item.assignment_id as string,
    assignment_seq: item.assignment_seq as number,
    assigned_at: item.assigned_at as string,
    created_at: item.created_at as string,
    completed_at: (item.completed_at as string | null | undefined) ?? null,
    last_shuffle_job: (item.last_shuffle_job as string | null | undefined) ?? null,
  };
}

export const priceOf = (item: Record<string, unknown>): TaskPrice => ({
  fee_cents: item.fee_cents as number,
  reward_cents: item.reward_cents as number,
});
