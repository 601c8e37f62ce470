import { randomInt } from 'node:crypto';
import type { CallerState } from '#shared/auth/current-callers';
import { businessTimeZone, requiredEnv } from '#shared/config';
import { domainHttpHandler } from '#shared/http/handler';
import type { AccountingDeps } from './domain/ports';
import { DynamoAccountStore } from './store/account-store';
import { DynamoPeopleDirectory } from './store/people-directory';
import { DynamoCloseStore } from './store/close-store';
import { DynamoLedgerStore } from './store/ledger-store';
import { DynamoMailLog } from './store/mail-log';
import { DynamoTaskStore } from './store/task-store';

import { senderEmail } from './sender';

export { senderEmail };

let deps: AccountingDeps | undefined;

/**
 * The composition root: Accounting's use cases wired to DynamoDB (ACCOUNTING_TABLE), the clock
 * and crypto randomness (the consumer adds SES: `handlers/on-event.ts`). Built once per
 * process, so a warm Lambda reuses its clients.
 */
export function accountingDeps(): AccountingDeps {
  if (deps) return deps;
  const table = requiredEnv('ACCOUNTING_TABLE');
  deps = {
    accounts: new DynamoAccountStore(table),
    people: new DynamoPeopleDirectory(table),
    ledger: new DynamoLedgerStore(table),
    tasks: new DynamoTaskStore(table),
    closes: new DynamoCloseStore(table),
    mailLog: new DynamoMailLog(table),
    clock: () => new Date(),
    random: (maxExclusive) => randomInt(maxExclusive),
    timeZone: businessTimeZone(),
    senderEmail: senderEmail(),
  };
  return deps;
}

/** What Accounting's accounts know of a user, once a user snapshot has reached them. */
async function callerState(userId: string): Promise<CallerState | undefined> {
  const account = await accountingDeps().accounts.find(userId);
  if (!account?.role || account.active === null) return undefined;
  return { role: account.role, active: account.active, revision: account.userRevision };
}

/**
 * `httpHandler` for Accounting's routes: a token is refused once the accounts know its user was
 * deactivated or given another role at the token's revision or later (issue 9).
 */
export const accountingHttpHandler = /* @__PURE__ */ domainHttpHandler({
  callers: () => ({ callerState }),
});
