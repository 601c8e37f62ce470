import { negate } from '#shared/money';
import { knowsFrom, widenedTo } from '../domain/account-days';
import type { AccountAsRead } from '../domain/close-page';
import type { Entry } from '../domain/ledger';
import type { AccountingDeps } from '../domain/ports';

/**
 * Accounts as the close of `date` needs them, the accounts first (one batch read), then what
 * only some need: the date's payout entries of those whose latest payout is not older than the
 * date (a redelivered chunk, or a later close that got there first), and the account-day items
 * of those whose recent days do not reach back to the date. Read after the accounts, these can
 * only be newer; a payout is conditional on the account's revision as read, so a movement in
 * between refuses it and the account is read again.
 */
export async function readCloseAccounts(
  deps: AccountingDeps,
  userIds: readonly string[],
  date: string,
): Promise<Map<string, AccountAsRead>> {
  const accounts = await deps.accounts.findMany(userIds);
  const all = [...accounts.values()];
  const mayBePaid = all.filter((a) => a.lastPayout !== null && a.lastPayout.date >= date);
  const [entries, widened] = await Promise.all([
    mayBePaid.length > 0
      ? deps.ledger.payoutEntries(
          mayBePaid.map((a) => a.userId),
          date,
        )
      : new Map<string, Entry>(),
    Promise.all(
      all
        .filter((a) => !knowsFrom(a.recent, date))
        .map(async (a) => ({
          ...a,
          recent: widenedTo(date, await deps.ledger.daysFrom(a.userId, date)),
        })),
    ),
  ]);
  for (const account of widened) accounts.set(account.userId, account);
  return new Map(
    [...accounts].map(([userId, account]) => {
      const entry = entries.get(userId);
      return [userId, { account, paidBefore: entry && negate(entry.amount) }];
    }),
  );
}
