import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { METRIC } from '#shared/metrics/catalog';
import { recordMetric } from '#shared/metrics/metrics';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { assignedEventData, firstAssignment, pickAssignee } from '../domain/assignment';
import { nobodyAssignable } from '../domain/errors';
import type { TaskerDeps } from '../domain/ports';
import { CONSISTENT } from '../domain/read-consistency';
import { taskView, type Task, type TaskView } from '../domain/task';
import { validateNewTask, type NewTaskInput } from '../domain/task-rules';
import { decideOnCheapRead } from './cheap-read-first';

/** Tries again with a fresh pool when the picked employee was deactivated in between. */
const ATTEMPTS = 3;

/**
 * Creates a task, assigned at once.
 * 1. validate the fields (a broken rule refuses with its reason, nothing written);
 * 2. read the assignable pool and pick one employee at random (nobody: refused). The first
 *    read is eventually consistent, as the commit's check guards the pick: a stale pool can
 *    only offer someone the check refuses, or lack someone just made assignable; an empty one
 *    is read again consistently before nobody is refused;
 * 3. commit the task, a check that the pick is still assignable, `task.created` v2 and
 *    `task.assigned`; if a deactivation or promotion reached Tasker in between (or the pool
 *    read was stale), the check refuses and step 2 runs again on a consistent read.
 */
export async function createTask(
  deps: Pick<TaskerDeps, 'unitOfWork' | 'tasks' | 'users' | 'clock' | 'random' | 'newId'>,
  input: NewTaskInput,
  context: { correlationId: string },
): Promise<TaskView> {
  const fields = validateNewTask(input);
  const id = deps.newId();
  const pick = (pool: string[]) => {
    const assignee = pickAssignee(pool, deps.random);
    if (assignee === undefined) throw nobodyAssignable();
    return assignee;
  };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const assignee =
      attempt === 1
        ? await decideOnCheapRead((read) => deps.users.assignableIds(read), pick)
        : pick(await deps.users.assignableIds(CONSISTENT));
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
    const changes = deps.unitOfWork.begin({ correlationId: context.correlationId, now });
    deps.tasks.created(changes, task, assignment);
    changes
      .publish(taskCreatedV2, {
        id: task.id,
        title: task.title,
        jira_id: task.jira_id,
        description: task.description,
        assignee_id: task.assignee_id,
        status: task.status,
        created_at: task.created_at,
      })
      .publish(taskAssignedV1, assignedEventData(task, assignment));
    try {
      await deps.unitOfWork.commit(changes);
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
