import { randomUUID } from 'node:crypto';
import { beforeAll } from 'vitest';
import type { Changes } from '#shared/unit-of-work/changes';
import { createTables } from '../../../test/support/tables';
import { firstAssignment } from '../domain/assignment';
import type { TaskerDeps } from '../domain/ports';
import type { Task } from '../domain/task';
import type { UserReplica } from '../domain/users';
import { taskerService } from '../service';
import { memoryTaskerDeps } from '../store/memory/deps';
import { buildTaskerDeps } from '../wiring';

/** What a store contract runs against: fresh deps per case (memory) or this file's table. */
export type ContractSetup = () => TaskerDeps;

/** The in-memory adapters, new for every case. */
export const memorySetup: ContractSetup = () => memoryTaskerDeps().deps;

/** The DynamoDB stores on this test file's table (cases use fresh ids, so they share it). */
export function dynamoSetup(): ContractSetup {
  let deps: TaskerDeps | undefined;
  beforeAll(async () => {
    await createTables([taskerService]);
    deps = buildTaskerDeps();
  });
  return () => deps!;
}

/** Records some changes and commits them as one unit. */
export async function commitWith(deps: TaskerDeps, record: (changes: Changes) => void) {
  const changes = deps.unitOfWork.begin({ correlationId: 'contract' });
  record(changes);
  await deps.unitOfWork.commit(changes);
}

/** What a commit was refused with: the error, for `toBeInstanceOf` and its guards. */
export const refusalOf = (deps: TaskerDeps, record: (changes: Changes) => void) =>
  commitWith(deps, record).then(
    () => undefined,
    (error: unknown) => error,
  );

export const replica = (overrides: Partial<UserReplica> = {}): UserReplica => ({
  id: randomUUID(),
  name: 'Popug',
  email: 'popug@uberpopug.test',
  role: 'worker',
  active: true,
  revision: 1,
  changed_at: '2026-12-06T10:00:00.000Z',
  ...overrides,
});

/** An assignable employee, told to Tasker's replica. */
export async function givenWorker(deps: TaskerDeps, overrides: Partial<UserReplica> = {}) {
  const user = replica(overrides);
  await commitWith(deps, (changes) => deps.users.replaced(changes, user));
  return user;
}

/** An open task of `assigneeId`, created (as createTask would write it) at `createdAt`. */
export async function givenTask(deps: TaskerDeps, assigneeId: string, createdAt: Date) {
  const assignment = firstAssignment(randomUUID(), assigneeId, createdAt);
  const task: Task = {
    id: randomUUID(),
    title: 'Contract task',
    jira_id: null,
    description: '',
    status: 'open',
    assignee_id: assigneeId,
    assignment_id: assignment.assignment_id,
    assignment_seq: 1,
    assigned_at: assignment.assigned_at,
    created_at: createdAt.toISOString(),
    completed_at: null,
    last_shuffle_job: null,
  };
  await commitWith(deps, (changes) => deps.tasks.created(changes, task, assignment));
  return task;
}
