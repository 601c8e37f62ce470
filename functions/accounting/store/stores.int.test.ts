import { beforeAll, describe } from 'vitest';
import { createTables } from '../../../test/support/tables';
import { accountingService } from '../service';
import { buildAccountingDeps } from '../wiring';
import { accountStoreContract } from './account-store.contract';
import { ledgerStoreContract } from './ledger-store.contract';
import { taskStoreContract } from './task-store.contract';
import { closeStoreContract } from './close-store.contract';
import { mailLogContract } from './mail-log.contract';

/** Every store port's contract on DynamoDB Local, in one file so the table is made once. */
beforeAll(() => createTables([accountingService]));

describe('the account-store port on DynamoDB', () =>
  accountStoreContract(() => buildAccountingDeps()));
describe('the ledger-store port on DynamoDB', () =>
  ledgerStoreContract(() => buildAccountingDeps()));
describe('the task-store port on DynamoDB', () => taskStoreContract(() => buildAccountingDeps()));
describe('the close-store port on DynamoDB', () => closeStoreContract(() => buildAccountingDeps()));
describe('the mail-log port on DynamoDB', () => mailLogContract(() => buildAccountingDeps()));
