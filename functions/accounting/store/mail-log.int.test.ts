import { beforeAll, describe } from 'vitest';
import { createTables } from '../../../test/support/tables';
import { accountingService } from '../service';
import { buildAccountingDeps } from '../wiring';
import { mailLogContract } from './mail-log.contract';

beforeAll(() => createTables([accountingService]));

describe('the mail-log port on DynamoDB', () => {
  mailLogContract(() => buildAccountingDeps());
});
