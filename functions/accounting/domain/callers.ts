import type { CallerState, CurrentCallers } from '#shared/auth/current-callers';
import type { AccountStore } from './ports';

/**
 * Who a caller is now, as Accounting's accounts learned it from Auth's user events: unknown
 * until a user snapshot has reached the account (a task event may open it before).
 */
export const accountCallers = (accounts: AccountStore): CurrentCallers => ({
  async callerState(userId: string): Promise<CallerState | undefined> {
    const account = await accounts.find(userId);
    if (!account?.role || account.active === null) return undefined;
    return { role: account.role, active: account.active, revision: account.userRevision };
  },
});
