import {
  knowsFrom,
  NEVER_MOVED,
  statementOf,
  withMovement,
  type DayStatement,
  type RecentDays,
} from './account-days';
import { addCents, cents, negate, ZERO, type Cents } from '#shared/money';

/**
 * The pure ledger: an account, a movement, and what posting it does. Storage applies the result
 * conditionally on the revision it read, so this is the only place money is added up.
 */
export type MovementKind = 'fee' | 'reward' | 'payout';

export interface Account {
  userId: string;
  balance: Cents;
  /** Grows by one with every movement; 0 for an account that has had none. */
  revision: number;
  /** Its movements of its most recent days, summed per day (`account-days.ts`). */
  recent: RecentDays;
}

/** An account that has never moved. */
export const emptyAccount = (userId: string): Account => ({
  userId,
  balance: ZERO,
  revision: 0,
  recent: NEVER_MOVED,
});

export interface Movement {
  /** Deterministic per fact (assignment, completion, payout of a day): the entry's identity. */
  id: string;
  kind: MovementKind;
  /** Signed: fees and payouts negative, rewards positive. */
  amount: Cents;
  taskId: string | null;
  /** When it happened (the event's time for fees and rewards, the close's for payouts). */
  at: string;
  /** The business day the entry belongs to. */
  businessDate: string;
  /** A payout's statement of its day, as the close computed it (payouts only). */
  statement?: DayStatement;
}

export interface Entry extends Movement {
  userId: string;
  balanceAfter: Cents;
  /** The account's revision once this entry is posted. */
  revision: number;
}

export class InvalidMovementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMovementError';
  }
}

const SIGN_OF: Record<MovementKind, 1 | -1> = { fee: -1, reward: 1, payout: -1 };

export function post(account: Account, movement: Movement): { entry: Entry; account: Account } {
  if (movement.amount === 0 || Math.sign(movement.amount) !== SIGN_OF[movement.kind])
    throw new InvalidMovementError(
      `a ${movement.kind} of ${movement.amount} cents has the wrong sign`,
    );
  if (movement.kind === 'payout' && !paysItsDay(account, movement))
    throw new InvalidMovementError(
      `a payout of ${movement.businessDate} pays that day's end balance, no more and no less`,
    );
  const balanceAfter = addCents(account.balance, movement.amount);
  const revision = account.revision + 1;
  const recent = withMovement(
    account.recent,
    movement.kind,
    movement.businessDate,
    cents(Math.abs(movement.amount)),
  );
  return {
    entry: { ...movement, userId: account.userId, balanceAfter, revision },
    account: { ...account, balance: balanceAfter, revision, recent },
  };
}

export const feeOf = (fee: Cents, fact: Omit<Movement, 'kind' | 'amount'>): Movement => ({
  ...fact,
  kind: 'fee',
  amount: negate(fee),
});

export const rewardOf = (reward: Cents, fact: Omit<Movement, 'kind' | 'amount'>): Movement => ({
  ...fact,
  kind: 'reward',
  amount: reward,
});

const paysItsDay = (account: Account, payout: Movement): boolean =>
  knowsFrom(account.recent, payout.businessDate) &&
  statementOf(account.balance, account.recent, payout.businessDate).paidOut === -payout.amount;

/**
 * The close of a day for one account (its recent days must know the day): the statement, and
 * the payout of the day's end balance when it is positive. Money of later days stays.
 */
export function payoutOf(
  account: Account,
  fact: Omit<Movement, 'kind' | 'amount' | 'taskId' | 'statement'>,
): { statement: DayStatement; payout: Movement | undefined } {
  const statement = statementOf(account.balance, account.recent, fact.businessDate);
  if (statement.paidOut <= 0) return { statement, payout: undefined };
  const payout: Movement = {
    ...fact,
    kind: 'payout',
    amount: negate(statement.paidOut),
    taskId: null,
    statement,
  };
  return { statement, payout };
}
