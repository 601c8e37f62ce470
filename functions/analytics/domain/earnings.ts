import { cents, type Cents } from '#shared/money';

/**
 * Top management's earnings of a day: the assignment fees taken from employees minus the
 * completion rewards paid to them (REQUIREMENTS, Analytics 1). In Accounting's movements a fee
 * is a debit of the employee (negative `amount_cents`) and a reward a credit (positive), so
 * management's side of either movement is its amount with the sign turned.
 * A payout (`account.paid`) only hands over what was already earned: it is not counted.
 */
export type EarningMovement = 'fine' | 'reward';

export interface EarningsShare {
  fees_cents: Cents;
  rewards_cents: Cents;
}

export function shareOf(kind: EarningMovement, amountCents: number): EarningsShare {
  const management = cents(-amountCents);
  return kind === 'fine'
    ? { fees_cents: management, rewards_cents: cents(0) }
    : { fees_cents: cents(0), rewards_cents: cents(-management) };
}

/** What management earned from a day's totals; negative on a day that paid more than it took. */
export const managementEarnings = (totals: EarningsShare): Cents =>
  cents(totals.fees_cents - totals.rewards_cents);

/**
 * A busy day's movements all add to one day's totals; spread over a few items so concurrent
 * consumers do not queue on (or conflict over) a single hot item. A movement always lands on
 * the same shard (its id decides), and a query sums them all.
 */
export const EARNINGS_SHARDS = 8;

export function shardOf(transactionId: string): number {
  let hash = 0;
  for (const char of transactionId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % EARNINGS_SHARDS;
}
