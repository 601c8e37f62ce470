/**
 * Why a command was refused, in the domain's words. Handlers map each kind to an HTTP status
 * (handlers/http-errors.ts); the admin script prints the message.
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

export class AuthError extends Error {
  constructor(
    readonly kind: AuthErrorKind,
    message: string,
    /** For `locked_out`: seconds until the lockout window ends. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

/** One message for an unknown e-mail and a wrong password, so neither reveals which it was. */
export const BAD_CREDENTIALS_MESSAGE = 'the e-mail or password is wrong';
