import { MemoryUnitOfWork } from '#shared/unit-of-work/memory-unit-of-work';
import { GUARD_REFUSALS } from '../../domain/errors';
import { KeyRing } from '../../domain/key-ring';
import type { PasswordCost } from '../../domain/password';
import type { AuthDeps } from '../../domain/ports';
import { MemoryLoginAttemptStore } from './login-attempt-store';
import { MemorySigningKeyStore } from './signing-key-store';
import { MemoryUserAccountStore } from './user-account-store';

/** Cheap enough for tests that are not about hashing (`password.test.ts` keeps production's). */
export const TEST_PASSWORD_COST: PasswordCost = { N: 2 ** 10, r: 8, p: 1 };

/**
 * Auth's deps in memory, for use-case tests without DynamoDB Local: the same refusal table as
 * the wiring, the stores (to seed and inspect) and the unit of work (its outbox).
 */
export function memoryAuthDeps(overrides: Partial<AuthDeps> = {}) {
  const clock = overrides.clock ?? (() => new Date());
  const users = new MemoryUserAccountStore();
  const loginAttempts = new MemoryLoginAttemptStore();
  const signingKeys = new MemorySigningKeyStore();
  const unitOfWork = new MemoryUnitOfWork({ refusals: GUARD_REFUSALS, clock });
  const deps: AuthDeps = {
    users,
    loginAttempts,
    keyRing: new KeyRing(signingKeys, clock),
    unitOfWork,
    passwordCost: TEST_PASSWORD_COST,
    tokens: {
      issuer: 'https://auth.test',
      audience: 'ates',
      ttlSeconds: 600,
      maxSessionSeconds: 12 * 60 * 60,
    },
    clock,
    ...overrides,
  };
  return { deps, unitOfWork, users, loginAttempts, signingKeys };
}
