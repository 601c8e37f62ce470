import { HttpError } from '../../shared/http/errors';
import { AuthError, type AuthErrorKind } from '../domain/errors';

/** HTTP status and error code for each way the domain refuses a command. */
const STATUS: Record<AuthErrorKind, { status: number; code: string }> = {
  invalid_input: { status: 400, code: 'validation_failed' },
  bad_credentials: { status: 401, code: 'invalid_credentials' },
  account_inactive: { status: 401, code: 'account_inactive' },
  user_not_found: { status: 404, code: 'not_found' },
  duplicate_email: { status: 409, code: 'email_taken' },
  user_inactive: { status: 409, code: 'user_inactive' },
  concurrent_change: { status: 409, code: 'concurrent_change' },
  own_account: { status: 422, code: 'own_account' },
  locked_out: { status: 429, code: 'too_many_requests' },
};

/** A domain refusal becomes the HttpError the shared middleware renders; anything else is ours. */
export function asHttpError(error: unknown): unknown {
  if (!(error instanceof AuthError)) return error;
  const { status, code } = STATUS[error.kind];
  const headers: Record<string, string> =
    error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
  return new HttpError(status, code, error.message, headers);
}

/** Runs a use case and rethrows its refusals as HTTP errors; nothing is swallowed. */
export async function mapAuthErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw asHttpError(error);
  }
}
