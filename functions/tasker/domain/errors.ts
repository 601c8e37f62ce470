import { Refusal, type RefusalCategory } from '#shared/refusal';
import type { RefusalTable } from '#shared/unit-of-work/refusals';

/**
 * Why Tasker refused, in its own words. The kind is also the stable `code` the API returns; the
 * table says which kind of shared refusal it is (the HTTP middleware turns that into a status).
 */
export type TaskerErrorKind =
  | 'title_required'
  | 'title_too_long'
  | 'title_contains_brackets'
  | 'title_has_forbidden_characters'
  | 'description_too_long'
  | 'description_has_forbidden_characters'
  | 'invalid_jira_id'
  | 'not_your_task'
  | 'not_assignee'
  | 'own_tasks_only'
  | 'task_not_found'
  | 'shuffle_not_found'
  | 'already_completed'
  | 'task_reassigned'
  | 'no_assignable_employee';

const CATEGORY_OF: Record<TaskerErrorKind, RefusalCategory> = {
  title_required: 'invalid',
  title_too_long: 'invalid',
  title_contains_brackets: 'invalid',
  title_has_forbidden_characters: 'invalid',
  description_too_long: 'invalid',
  description_has_forbidden_characters: 'invalid',
  invalid_jira_id: 'invalid',
  not_your_task: 'forbidden',
  not_assignee: 'forbidden',
  own_tasks_only: 'forbidden',
  task_not_found: 'not_found',
  shuffle_not_found: 'not_found',
  already_completed: 'conflict',
  task_reassigned: 'conflict',
  no_assignable_employee: 'conflict',
};

export class TaskerError extends Refusal {
  constructor(
    readonly kind: TaskerErrorKind,
    message: string,
  ) {
    super(CATEGORY_OF[kind], kind, message);
    this.name = 'TaskerError';
  }
}

export const isTaskerError = (error: unknown, kind: TaskerErrorKind): error is TaskerError =>
  error instanceof TaskerError && error.kind === kind;

/** Creating, pressing Reshuffle or running a reshuffle chunk with an empty assignable pool. */
export const nobodyAssignable = () =>
  new TaskerError(
    'no_assignable_employee',
    'nobody can take this task: there is no active employee who is not a manager or an admin; ask an admin to add one',
  );

/**
 * Guards whose refusal the caller is told as is: none. Every Tasker guard is a race its use
 * case answers itself (reads again and re-plans, joins the winning press, tells the caller who
 * won a completion) or, in a reaction, the consumer retries; a guard missing here that refuses
 * reaches the use case as `ConditionsFailed`. Both units of work get this table (wiring.ts,
 * store/memory/deps.ts), so a guard that should refuse is added here once.
 */
export const GUARD_REFUSALS: RefusalTable = {};
