/** DynamoDB takes at most 100 items in one transaction; the in-memory adapter holds to it too. */
export const MAX_TRANSACTION_ITEMS = 100;

/** A transaction refused because one or more guarded conditions did not hold. */
export class ConditionsFailed extends Error {
  constructor(
    /** The `guard` names of the items whose condition failed; `'unnamed'` for an unguarded item. */
    readonly guards: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`transaction refused by condition(s): ${guards.join(', ')}`, options);
    this.name = 'ConditionsFailed';
  }

  /** True when the named guard is among those that failed. */
  failed(guard: string): boolean {
    return this.guards.includes(guard);
  }
}

/**
 * A commit that collided with other transactions on the same items through every retry: nothing
 * was written, and reading again (or answering "busy") is the way on, as after a lost race.
 */
export class CommitConflict extends Error {
  constructor(options?: ErrorOptions) {
    super('another transaction held the same items through every retry', options);
    this.name = 'CommitConflict';
  }
}
