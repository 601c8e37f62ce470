import { describe } from 'vitest';
import { loginAttemptStoreContract } from './login-attempt-store.contract';
import { MemoryLoginAttemptStore } from './memory/login-attempt-store';

describe('the login attempt store in memory', () => {
  loginAttemptStoreContract(async () => new MemoryLoginAttemptStore());
});
