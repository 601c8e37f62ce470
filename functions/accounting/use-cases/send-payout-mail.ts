import type { DataOf } from '#events';
import type { accountPaidV1 } from '#events/accounting/account.paid.v1';
import type { TransactItem } from '#shared/dynamo';
import { cents } from '../domain/money';
import type { MailingDeps } from '../domain/ports';
import { payoutEmail } from '../domain/statement';

/** Longer than any consumer invocation: a reservation this old belongs to a sender that died. */
export const MAIL_LEASE_MS = 10 * 60_000;

export class NoEmailYetError extends Error {
  constructor(userId: string) {
    super(`account ${userId} has no known e-mail address yet; the payout e-mail waits for it`);
    this.name = 'NoEmailYetError';
  }
}

export class MailBusyError extends Error {
  constructor(payoutId: string) {
    super(`another delivery is sending the e-mail of payout ${payoutId}; retried later`);
    this.name = 'MailBusyError';
  }
}

/**
 * The reaction to `account.paid`: one e-mail per payout, reserve → send → confirm.
 * 1. read: the account's e-mail (none yet: throw, so the queue retries until it arrives) and
 *    the employee's fees and rewards of the day.
 * 2. reserve the payout's mail item (already sent: nothing to do; another sender holds a live
 *    reservation: throw and retry later).
 * 3. send through SES (a failed send frees the reservation and throws, so it is retried).
 * 4. return the confirmation, which the consumer commits with the event's marker.
 */
export async function sendPayoutMail(
  deps: MailingDeps,
  paid: DataOf<typeof accountPaidV1>,
): Promise<TransactItem[]> {
  // Side by side: the day's figures are read even for an account without an address yet (rare,
  // and retried anyway), so every e-mail pays one read's latency instead of two in a row.
  const [account, day] = await Promise.all([
    deps.accounts.find(paid.user_id),
    deps.ledger.accountDay(paid.user_id, paid.business_date),
  ]);
  if (!account?.email) throw new NoEmailYetError(paid.user_id);

  const reservation = await deps.mailLog.reserve(paid.transaction_id, deps.clock(), MAIL_LEASE_MS);
  if (reservation.kind === 'sent') return [];
  if (reservation.kind === 'busy') throw new MailBusyError(paid.transaction_id);

  const mail = payoutEmail({
    to: account.email,
    name: account.name,
    date: paid.business_date,
    payout: cents(paid.amount_cents),
    fees: day.fees,
    rewards: day.rewards,
  });
  let messageId: string;
  try {
    messageId = await deps.mailer.send({ from: deps.senderEmail, to: account.email, ...mail });
  } catch (error) {
    await deps.mailLog.release(paid.transaction_id, reservation.token);
    throw error;
  }
  return deps.mailLog.confirmItems(paid.transaction_id, reservation.token, messageId, deps.clock());
}
