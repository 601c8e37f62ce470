/**
 * Why Tasker says no to a request, in domain terms. Handlers turn the kind into an HTTP status,
 * so the domain and use cases never speak HTTP.
 */
export type RefusalKind = 'malformed' | 'invalid' | 'not_found' | 'forbidden' | 'conflict';

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}
