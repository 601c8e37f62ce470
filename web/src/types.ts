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
  task: { id: string; title: string; jira_id: string | null; description: string } | null;
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
