import type { Role } from '#events';

/**
 * Who asks for a command: a signed-in employee (from their token), or the operator running the
 * admin script with AWS credentials to Auth's table. The operator is how the first admin of a
 * fresh stack is made, so only the operator skips the check on the caller's own account.
 */
export type Actor = { id: string } | typeof OPERATOR;
export const OPERATOR = 'operator' as const;

/** Every Auth command that changes accounts is for admins (the routes say so too). */
export const ACCOUNT_ADMIN_ROLES: readonly Role[] = ['admin'];

export const isOperator = (actor: Actor): actor is typeof OPERATOR => actor === OPERATOR;

/** What every command needs to stamp its events: the request's correlation id. */
export interface CommandContext {
  correlationId: string;
}
