import type { Role } from '#events';

/**
 * Who sees every account's fees and reward on a task: admins and accountants see every account,
 * managers oversee every task (Tasker shows them each one with its price). Anyone else sees the
 * movements on their own account only, as their audit log does.
 */
const SEE_EVERY_ACCOUNT: readonly Role[] = ['admin', 'accountant', 'manager'];

export type HistoryScope = 'all' | 'own';

export const historyScopeOf = (role: Role): HistoryScope =>
  SEE_EVERY_ACCOUNT.includes(role) ? 'all' : 'own';
