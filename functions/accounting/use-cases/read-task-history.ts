import type { Role } from '#events';
import { AccountingError } from '../domain/errors';
import type { AccountingDeps } from '../domain/ports';
import { historyScopeOf } from '../domain/task-history';

export const HISTORY_PAGE_SIZE = 50;

/**
 * A task as Accounting knows it: its details, its price, and the fees (one per assignment) and
 * reward posted for it, oldest first, with the name of each account holder.
 * 1. read what Accounting knows of the task (nothing: 404);
 * 2. decide the scope: every account, or only the caller's (`domain/task-history.ts`);
 * 3. read a page of its movements in that scope and the names of their accounts; a caller who
 *    sees only their own and has none on the whole task is refused (403), like Tasker's page.
 */
export async function readTaskHistory(
  deps: Pick<AccountingDeps, 'tasks' | 'accounts'>,
  input: { taskId: string; caller: { id: string; role: Role }; cursor?: string },
) {
  const known = await deps.tasks.findKnown(input.taskId);
  if (!known) throw new AccountingError('task_not_found', `there is no task ${input.taskId}`);
  const scope = historyScopeOf(input.caller.role);
  const page = await deps.tasks.history(input.taskId, {
    cursor: input.cursor,
    limit: HISTORY_PAGE_SIZE,
    onlyUser: scope === 'own' ? input.caller.id : undefined,
  });
  const nothingOfTheirs =
    scope === 'own' && input.cursor === undefined && page.movements.length === 0;
  if (nothingOfTheirs && page.nextCursor === null)
    throw new AccountingError(
      'not_your_task',
      'no fee or reward of yours was posted for this task; its history is for its assignees, managers, admins and accountants',
    );
  const accounts = await deps.accounts.findMany([...new Set(page.movements.map((m) => m.userId))]);
  return {
    task: {
      id: input.taskId,
      // Null until `task.created` has reached Accounting (a fee may arrive first).
      title: known.details?.title ?? null,
      jira_id: known.details?.jira_id ?? null,
      description: known.details?.description ?? null,
    },
    fee_cents: known.price?.fee ?? null,
    reward_cents: known.price?.reward ?? null,
    scope,
    movements: page.movements.map((movement) => ({
      id: movement.id,
      type: movement.kind,
      user_id: movement.userId,
      name: accounts.get(movement.userId)?.name ?? null,
      amount_cents: movement.amount,
      at: movement.at,
    })),
    next_cursor: page.nextCursor,
  };
}
