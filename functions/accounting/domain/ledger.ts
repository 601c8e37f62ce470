import { addCents, cents, negate, type Cents } from './money';

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
}

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
  const balanceAfter = addCents(account.balance, movement.amount);
  if (movement.kind === 'payout' && balanceAfter !== 0)
    throw new InvalidMovementError('a payout pays the whole balance, no more and no less');
  const revision = account.revision + 1;
  return {
    entry: { ...movement, userId: account.userId, balanceAfter, revision },
    account: { ...account, balance: balanceAfter, revision },
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

/** The day's payout: the whole balance when it is positive; nothing when zero or negative. */
export function payoutOf(
  account: Account,
  fact: Omit<Movement, 'kind' | 'amount' | 'taskId'>,
): Movement | undefined {
  if (account.balance <= 0) return undefined;
  return { ...fact, kind: 'payout', amount: cents(-account.balance), taskId: null };
}
