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
  | 'concurrent_change';

const REFUSAL_OF: Record<AuthErrorKind, { category: RefusalCategory; code: string }> = {
  invalid_input: { category: 'malformed', code: 'validation_failed' },
  bad_credentials: { category: 'unauthenticated', code: 'invalid_credentials' },
  account_inactive: { category: 'unauthenticated', code: 'account_inactive' },
  user_not_found: { category: 'not_found', code: 'not_found' },
  duplicate_email: { category: 'conflict', code: 'email_taken' },
  user_inactive: { category: 'conflict', code: 'user_inactive' },
  concurrent_change: { category: 'conflict', code: 'concurrent_change' },
  own_account: { category: 'invalid', code: 'own_account' },
  locked_out: { category: 'rate_limited', code: 'too_many_requests' },
};

export class AuthError extends Refusal {
  constructor(
    readonly kind: AuthErrorKind,
    message: string,
    /** For `locked_out`: seconds until the lockout window ends. */
    retryAfterSeconds?: number,
  ) {
    super(REFUSAL_OF[kind].category, REFUSAL_OF[kind].code, message, retryAfterSeconds);
    this.name = 'AuthError';
  }
}

/** One message for an unknown e-mail and a wrong password, so neither reveals which it was. */
export const BAD_CREDENTIALS_MESSAGE = 'the e-mail or password is wrong';
