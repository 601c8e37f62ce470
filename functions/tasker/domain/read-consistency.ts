/**
 * How a store reads: consistently (DynamoDB's ConsistentRead, a read unit per 4 KB) or
 * eventually (half that, but it may not show a write of the last moment, even a put). Each use
 * case says which at the call, and why, at the read.
 */
export interface ReadConsistency {
  consistent: boolean;
}

export const CONSISTENT: ReadConsistency = { consistent: true };
export const EVENTUAL: ReadConsistency = { consistent: false };
