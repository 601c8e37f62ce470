import type { FieldError } from '../validation';

/** An error the caller can act on: it becomes `{ error: { code, message } }` with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, such as Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
    /** Every invalid input at once (`error.fields`), for a 400 about the request's shape. */
    readonly fields?: readonly FieldError[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

// Only the refusals the middleware itself makes; domains throw a `Refusal` instead.
export const badRequest = (message: string, code = 'bad_request', fields?: readonly FieldError[]) =>
  new HttpError(400, code, message, {}, fields);
export const unauthorized = (message = 'a valid bearer token is required', code = 'unauthorized') =>
  new HttpError(401, code, message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
