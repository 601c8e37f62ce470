import { commit, ConditionsFailed } from '#shared/dynamo';
import { METRIC } from '#shared/metrics/catalog';
import { recordMetric } from '#shared/metrics/metrics';
import type { EventContext } from '#shared/outbox/outbox';
import { firstAssignment, pickAssignee } from '../domain/assignment';
import { nobodyAssignable } from '../domain/errors';
import type { TaskerDeps } from '../domain/ports';
import { taskView, type Task, type TaskView } from '../domain/task';
import { validateNewTask, type NewTaskInput } from '../domain/task-rules';

/** Tries again with a fresh pool when the picked employee was deactivated in between. */
const ATTEMPTS = 3;

/**
 * Creates a task, assigned at once.
 * 1. validate the fields (a broken rule refuses with its reason, nothing written);
 * 2. read the assignable pool and pick one employee at random (nobody: refused);
 * 3. commit the task, a check that the pick is still assignable, `task.created` v2 and
 *    `task.assigned`; if a deactivation or promotion reached Tasker in between, the check
 *    refuses and step 2 runs again on a fresh pool.
 */
export async function createTask(
  deps: Pick<TaskerDeps, 'tasks' | 'users' | 'clock' | 'random' | 'newId'>,
  input: NewTaskInput,
  context: EventContext,
): Promise<TaskView> {
  const fields = validateNewTask(input);
  const id = deps.newId();
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const assignee = pickAssignee(await deps.users.assignableIds(), deps.random);
    if (assignee === undefined) throw nobodyAssignable();
    const now = deps.clock();
    const assignment = firstAssignment(deps.newId(), assignee, now);
    const task: Task = {
      id,
      ...fields,
      status: 'open',
      assignee_id: assignee,
      assignment_id: assignment.assignment_id,
      assignment_seq: assignment.assignment_seq,
      assigned_at: assignment.assigned_at,
      created_at: now.toISOString(),
      completed_at: null,
      last_shuffle_job: null,
    };
    try {
      await commit(deps.tasks.created(task, assignment, { ...context, now }));
      recordMetric(METRIC.tasksCreated);
      // A price cannot exist yet: Accounting prices a task when it hears of it, after this.
      return taskView(task, undefined);
    } catch (error) {
      if (!(error instanceof ConditionsFailed && error.failed('assignee_is_assignable')))
        throw error;
    }
  }
  throw nobodyAssignable();
}
