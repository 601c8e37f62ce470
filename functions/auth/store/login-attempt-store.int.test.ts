import { beforeAll, describe } from 'vitest';
import { createTables } from '../../../test/support/tables';
import { loginAttemptStoreContract } from './login-attempt-store.contract';
import { DynamoLoginAttemptStore } from './login-attempt-store';

describe('the login attempt store on DynamoDB', () => {
  beforeAll(() => createTables());
  loginAttemptStoreContract(async () => new DynamoLoginAttemptStore(process.env.AUTH_TABLE!));
});
