import { randomUUID } from 'node:crypto';
import { failedConditions, transactWrite } from '#shared/dynamo';
import type { EventContext } from '#shared/outbox/outbox';
import { firstAssignment, pickAssignee } from '../domain/assignment';
import type { RandomInt } from '../domain/random';
import { Refusal } from '#shared/refusal';
import { taskView, type Task, type TaskView } from '../domain/task';
import { validateNewTask, type NewTaskInput } from '../domain/task-rules';
import { CREATE_ASSIGNEE_CHECK, createTaskItems } from '../store/task-store';
import { assignableUserIds } from '../store/user-store';

/** Tries again with a fresh pool when the picked employee was deactivated in between. */
const ATTEMPTS = 3;

export const nobodyAssignable = () =>
  new Refusal(
    'conflict',
    'no_assignable_employee',
    'nobody can take this task: there is no active employee who is not a manager or an admin; ask an admin to add one',
  );

/**
 * Validates, picks a random assignable employee and writes the task with its `task.created`
 * and `task.assigned` events in one transaction. A refused task writes nothing.
 */
export async function createTask(
  input: NewTaskInput,
  random: RandomInt,
  context: EventContext,
): Promise<TaskView> {
  const fields = validateNewTask(input);
  const id = randomUUID();
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const assignee = pickAssignee(await assignableUserIds(), random);
    if (assignee === undefined) throw nobodyAssignable();
    const now = new Date();
    const assignment = firstAssignment(assignee, now);
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
      await transactWrite(createTaskItems(task, assignment, { ...context, now }));
      // A price cannot exist yet: Accounting prices a task when it hears of it, after this.
      return taskView(task, undefined);
    } catch (error) {
      if (!failedConditions(error)?.includes(CREATE_ASSIGNEE_CHECK)) throw error;
    }
  }
  throw nobodyAssignable();
}
