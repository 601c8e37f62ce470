import type { Role } from '#events';
import { TaskerError } from './errors';
import type { TaskStatus } from './task';
import { seesEveryone } from './visibility';

/** Whose tasks a list request is about: one employee's, or everyone's. */
export type ListScope =
  | { kind: 'assignee'; assigneeId: string; status?: TaskStatus }
  | { kind: 'everyone'; status?: TaskStatus };

/**
 * `assignee=me` (the default) is anyone's right; another employee's list or `assignee=all` is
 * for those who see everyone.
 */
export function resolveListScope(
  caller: { id: string; role: Role },
  query: { assignee?: string; status?: TaskStatus },
): ListScope {
  const assignee = query.assignee ?? 'me';
  const own = assignee === 'me' || assignee === caller.id;
  if (!own && !seesEveryone(caller.role))
    throw new TaskerError(
      'own_tasks_only',
      `a ${caller.role} may list only their own tasks (assignee=me)`,
    );
  if (assignee === 'all') return { kind: 'everyone', status: query.status };
  return { kind: 'assignee', assigneeId: own ? caller.id : assignee, status: query.status };
}
