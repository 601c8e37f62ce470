import type { DayStatement } from './account-days';
import { formatDollars, type Cents } from '#shared/money';

export interface PayoutMail {
  name: string | null;
  date: string;
  /** Positive: what the close paid. */
  paidOut: Cents;
  /** The statement the close stored on the payout entry (absent on payouts made before it did). */
  statement: DayStatement | undefined;
}

/**
 * The payout e-mail in plain text: the amount, the day, and the statement of the day, which adds
 * up: balance carried in − fees + rewards − paid out = balance carried forward.
 */
export function payoutEmail({ name, date, paidOut, statement }: PayoutMail) {
  const paid = formatDollars(paidOut);
  const lines = statement
    ? [
        `  balance carried in: ${formatDollars(statement.carriedIn)}`,
        `  assignment fees charged: ${formatDollars(statement.fees)}`,
        `  completion rewards earned: ${formatDollars(statement.rewards)}`,
        `  paid out: ${paid}`,
        `  balance carried forward: ${formatDollars(statement.carriedForward)}`,
      ]
    : [`  paid out: ${paid}`];
  return {
    subject: `aTES payout for ${date}: ${paid}`,
    text: [
      `Hello${name ? ` ${name}` : ''},`,
      '',
      `You were paid ${paid} for ${date}.`,
      '',
      `Statement for ${date}:`,
      ...lines,
      '',
      'Money of later days stays on your balance for the next close.',
      '',
      'UberPopug Inc. accounting',
    ].join('\n'),
  };
}
