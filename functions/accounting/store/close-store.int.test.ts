import { beforeAll, describe } from 'vitest';
import { createTables } from '../../../test/support/tables';
import { accountingService } from '../service';
import { buildAccountingDeps } from '../wiring';
import { closeStoreContract } from './close-store.contract';

beforeAll(() => createTables([accountingService]));

describe('the close-store port on DynamoDB', () => {
  closeStoreContract(() => buildAccountingDeps());
});
