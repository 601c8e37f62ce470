import { randomInt } from 'node:crypto';
import { businessTimeZone, requiredEnv } from '#shared/config';
import type { AccountingDeps } from './domain/ports';
import { DynamoAccountStore } from './store/account-store';
import { DynamoCloseStore } from './store/close-store';
import { DynamoLedgerStore } from './store/ledger-store';
import { DynamoMailLog } from './store/mail-log';
import { SesMailer } from './store/ses-mailer';
import { DynamoTaskStore } from './store/task-store';

/** Where payout e-mails come from; `infra/` sets it to the deployed SES identity. */
export const senderEmail = () => process.env.ATES_SENDER_EMAIL || 'payouts@uberpopug.test';

let deps: AccountingDeps | undefined;

/**
 * The composition root: Accounting's use cases wired to DynamoDB (ACCOUNTING_TABLE), SES, the
 * clock and crypto randomness. Built once per process, so a warm Lambda reuses its clients.
 */
export function accountingDeps(): AccountingDeps {
  if (deps) return deps;
  const table = requiredEnv('ACCOUNTING_TABLE');
  deps = {
    accounts: new DynamoAccountStore(table),
    ledger: new DynamoLedgerStore(table),
    tasks: new DynamoTaskStore(table),
    closes: new DynamoCloseStore(table),
    mailLog: new DynamoMailLog(table),
    mailer: new SesMailer(),
    clock: () => new Date(),
    random: (maxExclusive) => randomInt(maxExclusive),
    timeZone: businessTimeZone(),
    senderEmail: senderEmail(),
  };
  return deps;
}
