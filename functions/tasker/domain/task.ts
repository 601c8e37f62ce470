import type { Cents } from '#shared/money';

/** A task as Tasker keeps it. Public ids only; the store decides how it is keyed. */
export type TaskStatus = 'open' | 'completed';
export const TASK_STATUSES = ['open', 'completed'] as const satisfies readonly TaskStatus[];

export interface Task {
  id: string;
  title: string;
  jira_id: string | null;
  description: string;
  status: TaskStatus;
  assignee_id: string;
  /** The current assignment: each one (creation, every reshuffle) has its own id and number. */
  assignment_id: string;
  assignment_seq: number;
  assigned_at: string;
  created_at: string;
  completed_at: string | null;
  /** The reshuffle job that last moved this task, so a redelivered chunk does not move it twice. */
  last_shuffle_job: string | null;
}

/** Accounting's price of a task, known once `task.priced` has arrived (it may come first). */
export interface TaskPrice {
  fee_cents: Cents;
  reward_cents: Cents;
}

/** What the API shows: the task plus its price, or nulls while Accounting has not priced it. */
export function taskView(task: Task, price: TaskPrice | undefined) {
  return {
    id: task.id,
    title: task.title,
    jira_id: task.jira_id,
    description: task.description,
    status: task.status,
    assignee_id: task.assignee_id,
    assignment_seq: task.assignment_seq,
    assigned_at: task.assigned_at,
    created_at: task.created_at,
    completed_at: task.completed_at,
    fee_cents: price?.fee_cents ?? null,
    reward_cents: price?.reward_cents ?? null,
  };
}
export type TaskView = ReturnType<typeof taskView>;
