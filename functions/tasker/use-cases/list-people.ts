import type { TaskerDeps } from '../domain/ports';

/**
 * The assignable employees by name, for a manager's assignee filter: ids and names only (no
 * e-mail or role: Auth's user list stays the admins'). 1. read the pool with its names; 2. sort.
 */
export async function listAssignablePeople(deps: Pick<TaskerDeps, 'people'>) {
  const people = await deps.people.assignable();
  return { people: people.sort((a, b) => a.name.localeCompare(b.name)) };
}
