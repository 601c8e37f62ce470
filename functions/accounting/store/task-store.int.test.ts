import { beforeAll, describe } from 'vitest';
import { createTables } from '../../../test/support/tables';
import { accountingService } from '../service';
import { buildAccountingDeps } from '../wiring';
import { taskStoreContract } from './task-store.contract';

beforeAll(() => createTables([accountingService]));

describe('the task-store port on DynamoDB', () => {
  taskStoreContract(() => buildAccountingDeps());
});
