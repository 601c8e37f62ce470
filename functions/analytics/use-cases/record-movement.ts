import type * as z from 'zod';
import type { accountMovement } from '#events/accounting/movement';
import type { TransactItem } from '#shared/dynamo';
import { shareOf, type EarningMovement } from '../domain/earnings';
import { asCents } from '../domain/money';
import type { AnalyticsDeps } from '../domain/ports';

type Movement = z.infer<typeof accountMovement>;

/**
 * Reaction to `account.fined` and `account.rewarded`: management's side of one movement.
 *  1. read whether this movement (by Accounting's transaction id) was counted already;
 *  2. decide its share: a fee is management's gain, a reward its cost, on the movement's own
 *     business date (Accounting's, so both domains count the same day);
 *  3. return the movement's fact and the share added to one shard of its day's totals.
 */
export async function recordMovement(
  deps: Pick<AnalyticsDeps, 'earnings'>,
  kind: EarningMovement,
  movement: Movement,
): Promise<TransactItem[]> {
  if (await deps.earnings.hasMovement(movement.transaction_id)) return [];
  return deps.earnings.record(
    {
      transaction_id: movement.transaction_id,
      kind,
      amount_cents: asCents(movement.amount_cents),
      business_date: movement.business_date,
    },
    shareOf(kind, movement.amount_cents),
  );
}
