import { beforeAll, describe } from 'vitest';
import { createTables } from '../../../test/support/tables';
import { accountingService } from '../service';
import { buildAccountingDeps } from '../wiring';
import { ledgerStoreContract } from './ledger-store.contract';

beforeAll(() => createTables([accountingService]));

describe('the ledger-store port on DynamoDB', () => {
  ledgerStoreContract(() => buildAccountingDeps());
});
