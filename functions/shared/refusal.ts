/**
 * A command refused for a reason the caller can act on, in domain terms. Domains throw it (or a
 * subclass); the HTTP middleware turns its category into a status, so domain code never speaks
 * HTTP and no handler needs its own error mapping.
 */
export type RefusalCategory =
  /** The request's shape is wrong (a bad cursor, an unparsable value). */
  | 'malformed'
  /** Who is asking could not be established (bad credentials). */
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  /** The current state does not allow it (already completed, e-mail taken). */
  | 'conflict'
  /** Well-formed, but against a business rule (a jira id in the title). */
  | 'invalid'
  | 'rate_limited'
  /** Momentarily overloaded (throttled, too many at once): try again shortly. */
  | 'unavailable';

export class Refusal extends Error {
  constructor(
    readonly category: RefusalCategory,
    /** Stable, machine-readable: `title_contains_brackets`, `email_taken`. */
    readonly code: string,
    message: string,
    /** For `rate_limited` and `unavailable`: seconds until trying again can succeed. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}
