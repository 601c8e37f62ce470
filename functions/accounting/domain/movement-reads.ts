import type { AccountRecord } from './ports';
import type { Price } from './pricing';

/** Which fee or reward is about to be posted: on whose account, for which task. */
export interface MovementKey {
  userId: string;
  taskId: string;
}

/**
 * What posting one fee or reward decides on, as stored when it was read. Not whether it was
 * posted already: its entry, keyed by the movement, is put only if absent (`movement_is_new`),
 * so a redelivery or replay is refused at commit and changes nothing. Reading the entry first
 * would cost every movement a read unit to spare the rare duplicate a refused write.
 */
export interface MovementBasis {
  /** The task's price: missing on the task's first sight, when the movement rolls it. */
  price: Price | undefined;
  /** The account: missing before its first movement or user event. */
  account: AccountRecord | undefined;
}

/**
 * A fee's or reward's reads, together: one round trip (one `BatchGetItem` on DynamoDB of the
 * price and the account) instead of one per item, each item read consistently as a decision
 * about money needs. Read per event and per attempt: nothing is kept between calls, so a retry
 * after a race reads again.
 */
export interface MovementReads {
  basisOf(movement: MovementKey): Promise<MovementBasis>;
}
