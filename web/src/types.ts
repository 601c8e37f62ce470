/** The API's answers, as its issues and docs/openapi.json fix them. */
export interface Task {
  id: string;
  title: string;
  jira_id: string | null;
  description: string;
  status: 'open' | 'completed';
  assignee_id: string;
  assignment_seq: number;
  assigned_at: string;
  created_at: string;
  completed_at: string | null;
  /** null until Accounting has priced the task */
  fee_cents: number | null;
  reward_cents: number | null;
  /** In lists: the assignee's name as Tasker knows it (null until it has heard of them). */
  assignee_name?: string | null;
}

export interface TaskPage {
  tasks: Task[];
  next_cursor?: string | null;
}

export interface ShuffleJob {
  job_id: string;
  status: 'queued' | 'running' | 'done';
  requested_at: string;
  open_tasks_at_start?: number | null;
  processed?: number;
  reassigned?: number;
  /** Reassigned to someone else (the rest drew the same worker again); absent on older jobs. */
  changed_hands?: number;
  skipped_completed?: number;
  progress?: number;
  queue_position?: number | null;
}

export interface LedgerEntry {
  id: string;
  type: 'fee' | 'reward' | 'payout';
  amount_cents: number;
  /** Title, jira id and description are null until `task.created` has reached Accounting. */
  task: {
    id: string;
    title: string | null;
    jira_id: string | null;
    description: string | null;
  } | null;
  at: string;
}

export interface AuditLog {
  user_id: string;
  balance_cents: number;
  date: string;
  entries: LedgerEntry[];
  next_cursor: string | null;
}

export interface AccountingDashboard {
  today: { date: string; management_earnings_cents: number };
  days: {
    date: string;
    fees_cents: number;
    rewards_cents: number;
    management_earnings_cents: number;
  }[];
}

export interface CloseProgress {
  date: string;
  status: 'running' | 'done';
  accounts_total?: number;
  accounts_done?: number;
  paid_count?: number;
  paid_total_cents?: number;
  carried_negative_count?: number;
  /** Payout e-mails SES refused for good (e.g. an unverified recipient in the sandbox). */
  undeliverable?: number;
  /** Who asked for the close (null: the daily schedule) and when. */
  requested_by?: string | null;
  requested_at?: string;
}

export interface NegativeEmployee {
  user_id?: string;
  name?: string;
  email?: string;
  balance_cents?: number;
}

export interface AnalyticsDashboard {
  date: string;
  management_earnings_cents: number;
  /** A count, or the employees themselves: the contract names the field, the page shows both. */
  negative_balance_employees: number | NegativeEmployee[];
}

export interface ExpensiveTask {
  task_id: string;
  title: string;
  jira_id: string | null;
  reward_cents: number;
  completed_at: string;
}

export interface MostExpensive {
  from: string;
  to: string;
  top: ExpensiveTask | null;
  days: { date: string; top: ExpensiveTask | null }[];
}

/** `GET /tasks/{id}`: the task as Tasker knows it, its assignee by name. */
export interface TaskDetail extends Task {
  assignee_name: string | null;
}

export interface TaskMovement {
  id: string;
  /** A fee for one assignment (creation or a reshuffle), or the completion's reward. */
  type: 'fee' | 'reward';
  user_id: string;
  name: string | null;
  amount_cents: number;
  at: string;
}

/** `GET /accounting/tasks/{id}`: the task's price and its money history, a page at a time. */
export interface TaskHistory {
  task: { id: string; title: string | null; jira_id: string | null; description: string | null };
  fee_cents: number | null;
  reward_cents: number | null;
  /** `all`: every account's movements; `own`: only the caller's. */
  scope: 'all' | 'own';
  movements: TaskMovement[];
  next_cursor: string | null;
}

export interface ClosedDay {
  date: string;
  status: 'running' | 'done';
  accounts_total: number;
  requested_by: string | null;
  requested_at: string;
}

/** `GET /accounting/closes`: closed days newest first, and the day a close would pay now. */
export interface ClosesPage {
  last_ended_day: string;
  latest_closed_date: string | null;
  closes: ClosedDay[];
  next_cursor: string | null;
}
