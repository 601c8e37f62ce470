import type { Entry } from './ledger';
import type { AccountRecord } from './ports';
import type { Price } from './pricing';

/** Which fee or reward is about to be posted: its entry's id, on whose account, for which task. */
export interface MovementKey {
  userId: string;
  entryId: string;
  taskId: string;
}

/** What posting one fee or reward decides on, as stored when it was read. */
export interface MovementBasis {
  /** This movement's entry: there when it was posted already (a redelivery or a replay). */
  entry: Entry | undefined;
  /** The task's price: missing on the task's first sight, when the movement rolls it. */
  price: Price | undefined;
  /** The account: missing before its first movement or user event. */
  account: AccountRecord | undefined;
}

/**
 * A fee's or reward's reads, together: one round trip (one `BatchGetItem` on DynamoDB) instead
 * of one per item, each item read consistently as a decision about money needs. Read per
 * event and per attempt: nothing is kept between calls, so a retry after a race reads again.
 */
export interface MovementReads {
  basisOf(movement: MovementKey): Promise<MovementBasis>;
}
