import { randomInt } from 'node:crypto';
import { businessTimeZone, requiredEnv } from '#shared/config';
import { signingKeyReplicaIn } from '#shared/auth/signing-key-replica-store';
import { domainHttpHandler } from '#shared/http/handler';
import { DynamoUnitOfWork } from '#shared/unit-of-work/dynamo-unit-of-work';
import { accountCallers } from './domain/callers';
import { CLOSE_PAGE_SIZE } from './domain/close';
import { GUARD_REFUSALS } from './domain/errors';
import type { AccountingDeps, MailingDeps } from './domain/ports';
import { configurationSet, mailInstances, senderEmail } from './sender';
import { DynamoAccountStore } from './store/account-store';
import { DynamoCloseStore } from './store/close-store';
import { DynamoLedgerStore } from './store/ledger-store';
import { DynamoMailLog } from './store/mail-log';
import { DynamoMovementReads } from './store/movement-reads';
import { DynamoAccountHolderDirectory } from './store/account-holder-directory';
import { SesMailer } from './store/ses-mailer';
import { DynamoPricedTaskStore } from './store/task-store';
import { DynamoSuppressionStore } from './store/suppression-store';

export { senderEmail };

/** Accounting's one table (ACCOUNTING_TABLE). */
export const accountingTable = () => requiredEnv('ACCOUNTING_TABLE');

/**
 * The composition root: Accounting's use cases wired to DynamoDB (ACCOUNTING_TABLE), the clock
 * and crypto randomness. `overrides` is for tests: a fixed clock, seeded randomness, a store
 * wrapped to inject a race. The callers (token revocation) read the accounts given.
 */
export function buildAccountingDeps(overrides: Partial<AccountingDeps> = {}): AccountingDeps {
  const table = accountingTable();
  const accounts = overrides.accounts ?? new DynamoAccountStore(table);
  return {
    unitOfWork: new DynamoUnitOfWork({ tableName: table, refusals: GUARD_REFUSALS }),
    callers: accountCallers(accounts),
    accounts,
    people: new DynamoAccountHolderDirectory(table),
    movementReads: new DynamoMovementReads(table),
    ledger: new DynamoLedgerStore(table),
    tasks: new DynamoPricedTaskStore(table),
    closes: new DynamoCloseStore(table),
    mailLog: new DynamoMailLog(table),
    suppressions: new DynamoSuppressionStore(table),
    clock: () => new Date(),
    random: (maxExclusive) => randomInt(maxExclusive),
    timeZone: businessTimeZone(),
    senderEmail: senderEmail(),
    closePageSize: CLOSE_PAGE_SIZE,
    ...overrides,
  };
}

/** SES, paced to this process's share, every e-mail naming the configuration set. */
const sesMailer = () =>
  new SesMailer({ instances: mailInstances(), configurationSet: configurationSet() });

/** The consumer's deps: Accounting's and SES (only the consumer sends, and is granted, e-mail). */
export const buildMailingDeps = (overrides: Partial<MailingDeps> = {}): MailingDeps => ({
  ...buildAccountingDeps(overrides),
  mailer: overrides.mailer ?? sesMailer(),
});

let deps: AccountingDeps | undefined;
let mailingDeps: MailingDeps | undefined;

/** Built once per process, so a warm Lambda reuses its clients. */
export const accountingDeps = (): AccountingDeps => (deps ??= buildAccountingDeps());

/** The consumer's, built once per process; the routes and schedules are bundled without SES. */
export const accountingMailingDeps = (): MailingDeps =>
  (mailingDeps ??= {
    ...accountingDeps(),
    mailer: sesMailer(),
  });

/** Accounting's copy of Auth's public signing keys, kept by its consumer, read by its routes. */
export const accountingSigningKeys = /* @__PURE__ */ signingKeyReplicaIn(accountingTable);

/**
 * Accounting's routes: a token is refused once the accounts know its user was deactivated or
 * given another role at the token's revision or later (issue 9).
 */
export const accountingHttp = /* @__PURE__ */ domainHttpHandler({
  callers: () => accountingDeps().callers,
  signingKeys: accountingSigningKeys,
});
