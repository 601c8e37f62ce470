import { businessDateOf } from '#shared/time/business-day';
import { dateOrToday } from '../domain/days';
import { AccountingError } from '../domain/errors';
import type { AccountingDeps } from '../domain/ports';

export const ENTRIES_PAGE_SIZE = 50;

/**
 * An employee's balance and one day's entries, newest first, a page at a time.
 * 1. read: the account (a user never seen has an empty account unless `mustExist`); the day's
 *    entries; the details of their tasks, joined now so an entry written before its
 *    `task.created` arrived shows the title as soon as it has.
 */
export async function readAccountDay(
  deps: AccountingDeps,
  userId: string,
  query: { date?: string; cursor?: string },
  options: { mustExist: boolean },
) {
  const date = dateOrToday(query.date, businessDateOf(deps.clock(), deps.timeZone));
  const account = await deps.accounts.find(userId);
  if (!account && options.mustExist)
    throw new AccountingError('account_not_found', `there is no account for user ${userId}`);
  const page = await deps.ledger.dayEntries(userId, date, {
    cursor: query.cursor,
    limit: ENTRIES_PAGE_SIZE,
  });
  const tasks = await deps.tasks.findDetails(
    page.entries.flatMap((entry) => (entry.taskId ? [entry.taskId] : [])),
  );
  return {
    user_id: userId,
    balance_cents: account?.balance ?? 0,
    date,
    entries: page.entries.map((entry) => ({
      id: entry.id,
      type: entry.kind,
      amount_cents: entry.amount,
      task:
        entry.taskId === null
          ? null
          : (tasks.get(entry.taskId) ?? {
              // task.created has not arrived yet: the id is known, the rest fills in later.
              id: entry.taskId,
              title: null,
              jira_id: null,
              description: null,
            }),
      at: entry.at,
    })),
    next_cursor: page.nextCursor,
  };
}
