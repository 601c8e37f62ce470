import { beforeAll, describe } from 'vitest';
import { createTables } from '../../../test/support/tables';
import { accountingService } from '../service';
import { buildAccountingDeps } from '../wiring';
import { accountStoreContract } from './account-store.contract';

beforeAll(() => createTables([accountingService]));

describe('the account-store port on DynamoDB', () => {
  accountStoreContract(() => buildAccountingDeps());
});
