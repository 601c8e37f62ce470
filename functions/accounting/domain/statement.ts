import { formatDollars, negate, type Cents } from './money';

export interface PayoutStatement {
  to: string;
  name: string | null;
  date: string;
  /** The payout as the ledger has it: negative, money left the account. */
  payout: Cents;
  /** The employee's own fees charged and rewards earned that day, both positive. */
  fees: Cents;
  rewards: Cents;
}

/** The payout e-mail: the amount, the day, and that day's fees and rewards, in plain text. */
export function payoutEmail(statement: PayoutStatement) {
  const paid = formatDollars(negate(statement.payout));
  return {
    subject: `aTES payout for ${statement.date}: ${paid}`,
    text: [
      `Hello${statement.name ? ` ${statement.name}` : ''},`,
      '',
      `You were paid ${paid} for ${statement.date}.`,
      '',
      `Statement for ${statement.date}:`,
      `  assignment fees charged: ${formatDollars(statement.fees)}`,
      `  completion rewards earned: ${formatDollars(statement.rewards)}`,
      `  paid out: ${paid}`,
      '',
      'UberPopug Inc. accounting',
    ].join('\n'),
  };
}
