import { MemoryTable } from '#shared/unit-of-work/memory-table';
import { MemoryUnitOfWork } from '#shared/unit-of-work/memory-unit-of-work';
import { accountCallers } from '../../domain/callers';
import { CLOSE_PAGE_SIZE } from '../../domain/close';
import { GUARD_REFUSALS } from '../../domain/errors';
import type { AccountRecord, MailingDeps, Mailer } from '../../domain/ports';
import { MemoryAccountStore } from './account-store';
import { MemoryCloseStore } from './close-store';
import { MemoryLedgerStore, newLedgerTables } from './ledger-store';
import { MemoryMailLog } from './mail-log';
import { MemoryAccountHolderDirectory } from './account-holder-directory';
import { MemoryMovementReads } from './movement-reads';
import { MemoryPricedTaskStore } from './task-store';
import { MemorySuppressionStore } from './suppression-store';

/** A mailer for memory deps that refuses to be used: a test that sends e-mail gives its own. */
const noMailer: Mailer = {
  send: () => Promise.reject(new Error('no mailer in these memory deps: pass one')),
};

/**
 * Accounting on in-memory stores and unit of work, for use-case tests without DynamoDB Local:
 * the deps, the unit of work (its `outbox` and `published()`), and the stores for a test to seed
 * and inspect. A fixed clock, randomness that rolls the middle price, and UTC, unless overridden.
 */
export function memoryAccountingDeps(overrides: Partial<MailingDeps> = {}) {
  const unitOfWork = new MemoryUnitOfWork({ refusals: GUARD_REFUSALS });
  const accountTable = new MemoryTable<AccountRecord>('accounts');
  const ledger = new MemoryLedgerStore(newLedgerTables(accountTable));
  const tasks = new MemoryPricedTaskStore(ledger.tables.entries);
  const stores = {
    accounts: new MemoryAccountStore(accountTable),
    people: new MemoryAccountHolderDirectory(accountTable),
    movementReads: new MemoryMovementReads(ledger, tasks),
    ledger,
    tasks,
    closes: new MemoryCloseStore(),
    mailLog: new MemoryMailLog(),
    suppressions: new MemorySuppressionStore(),
  };
  const deps: MailingDeps = {
    unitOfWork,
    callers: accountCallers(stores.accounts),
    ...stores,
    mailer: noMailer,
    clock: () => new Date('2026-03-04T12:00:00.000Z'),
    random: (maxExclusive) => Math.floor(maxExclusive / 2),
    timeZone: 'UTC',
    senderEmail: 'payouts@uberpopug.test',
    closePageSize: CLOSE_PAGE_SIZE,
    ...overrides,
  };
  return { deps, unitOfWork, stores };
}
