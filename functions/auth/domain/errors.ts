import { Refusal, type RefusalCategory } from '#shared/refusal';

/**
 * Why a command was refused, in the domain's words. Each kind is one kind of shared refusal
 * (which the HTTP middleware turns into a status) with a stable code; the admin script prints
 * the message.
 */
export type AuthErrorKind =
  | 'invalid_input'
  | 'duplicate_email'
  | 'user_not_found'
  | 'bad_credentials'
  | 'account_inactive'
  | 'locked_out'
  | 'own_account'
  | 'user_inactive'
  | 'concurrent_change'
  | 'caller_not_permitted'
  | 'last_admin'
  | 'token_revoked'
  | 'session_expired'
  | 'busy';

const REFUSAL_OF: Record<AuthErrorKind, { category: RefusalCategory; code: string }> = {
  invalid_input: { category: 'malformed', code: 'validation_failed' },
  bad_credentials: { category: 'unauthenticated', code: 'invalid_credentials' },
  account_inactive: { category: 'unauthenticated', code: 'account_inactive' },
  token_revoked: { category: 'unauthenticated', code: 'token_revoked' },
  session_expired: { category: 'unauthenticated', code: 'session_expired' },
  caller_not_permitted: { category: 'forbidden', code: 'caller_not_permitted' },
  user_not_found: { category: 'not_found', code: 'not_found' },
  duplicate_email: { category: 'conflict', code: 'email_taken' },
  user_inactive: { category: 'conflict', code: 'user_inactive' },
  concurrent_change: { category: 'conflict', code: 'concurrent_change' },
  last_admin: { category: 'conflict', code: 'last_admin' },
  own_account: { category: 'invalid', code: 'own_account' },
  locked_out: { category: 'rate_limited', code: 'too_many_requests' },
  // Many sign-ins racing for one e-mail's counter: the caller is asked to slow down, as for the
  // lockout and for a throttled table (429, never a 5xx).
  busy: { category: 'rate_limited', code: 'too_many_requests' },
};

export class AuthError extends Refusal {
  constructor(
    readonly kind: AuthErrorKind,
    message: string,
    /** For `locked_out` and `busy`: seconds until trying again can succeed. */
    retryAfterSeconds?: number,
  ) {
    super(REFUSAL_OF[kind].category, REFUSAL_OF[kind].code, message, retryAfterSeconds);
    this.name = 'AuthError';
  }
}

/** One message for an unknown e-mail and a wrong password, so neither reveals which it was. */
export const BAD_CREDENTIALS_MESSAGE = 'the e-mail or password is wrong';

/**
 * The rules a command's transaction guards, by name. The store puts each name on the condition
 * that enforces it; when DynamoDB refuses the commit, the name says which rule refused, and this
 * table says what the caller is told. Listed in the order a refusal is reported when several
 * failed at once: "you may not do this" comes before "this may not be done".
 */
export const GUARD_REFUSALS = {
  caller_may_act: () =>
    new AuthError(
      'caller_not_permitted',
      'your account is no longer an active admin; sign in again or ask an admin',
    ),
  user_unchanged: () =>
    new AuthError(
      'concurrent_change',
      'the user was changed by someone else meanwhile; reload and try again',
    ),
  email_is_free: () => new AuthError('duplicate_email', 'a user with this e-mail already exists'),
  another_admin_remains: () =>
    new AuthError('last_admin', 'this is the last active admin; make someone else an admin first'),
} as const satisfies Record<string, () => AuthError>;

export type Guard = keyof typeof GUARD_REFUSALS;
