import type { Role } from '#events';
import { Refusal } from '#shared/refusal';
import type { TaskStatus } from './task';

/** Whose tasks a list request is about: one employee's, or everyone's. */
export type ListScope =
  | { kind: 'assignee'; assigneeId: string; status?: TaskStatus }
  | { kind: 'everyone'; status?: TaskStatus };

const SEES_EVERYONE: readonly Role[] = ['manager', 'admin'];

/**
 * `assignee=me` (the default) is anyone's right; another employee's list or `assignee=all` is
 * for managers and admins, who oversee the reshuffles.
 */
export function resolveListScope(
  caller: { id: string; role: Role },
  query: { assignee?: string; status?: TaskStatus },
): ListScope {
  const assignee = query.assignee ?? 'me';
  const own = assignee === 'me' || assignee === caller.id;
  if (!own && !SEES_EVERYONE.includes(caller.role))
    throw new Refusal(
      'forbidden',
      'own_tasks_only',
      `a ${caller.role} may list only their own tasks (assignee=me)`,
    );
  if (assignee === 'all') return { kind: 'everyone', status: query.status };
  return { kind: 'assignee', assigneeId: own ? caller.id : assignee, status: query.status };
}
