import { defineService, domainTable } from '#shared/declaration';
import { SIGNING_KEY_PK } from './store/keys';

const dir = 'functions/auth/handlers';

export const authService = defineService({
  domain: 'auth',
  table: domainTable('AUTH_TABLE', ['gsi1']),
  routes: {
    login: {
      method: 'POST',
      path: '/auth/login',
      handler: `${dir}/login.ts`,
      access: 'public',
      summary:
        'Sign in with e-mail and password; returns a short-lived token (10 minutes by default) every domain accepts.',
    },
    refresh: {
      method: 'POST',
      path: '/auth/refresh',
      handler: `${dir}/refresh.ts`,
      access: 'signed-in',
      summary:
        'Trade a still-valid token for a fresh one with the role as it is now; refused once the account is deactivated.',
    },
    jwks: {
      method: 'GET',
      path: '/auth/.well-known/jwks.json',
      handler: `${dir}/jwks.ts`,
      access: 'public',
      summary: 'The public keys that verify aTES tokens.',
    },
    me: {
      method: 'GET',
      path: '/auth/me',
      handler: `${dir}/me.ts`,
      access: 'signed-in',
      summary: 'The signed-in employee.',
    },
    createUser: {
      method: 'POST',
      path: '/auth/users',
      handler: `${dir}/create-user.ts`,
      access: ['admin'],
      summary: 'Create an employee account.',
    },
    listUsers: {
      method: 'GET',
      path: '/auth/users',
      handler: `${dir}/list-users.ts`,
      access: ['admin'],
      summary: 'List every employee account.',
    },
    updateUser: {
      method: 'PATCH',
      path: '/auth/users/{id}',
      handler: `${dir}/update-user.ts`,
      access: ['admin'],
      summary:
        'Change an employee\'s name or role, or reactivate a deactivated employee with {"active": true}.',
    },
    deleteUser: {
      method: 'DELETE',
      path: '/auth/users/{id}',
      handler: `${dir}/delete-user.ts`,
      access: ['admin'],
      summary: 'Deactivate an employee; their history stays.',
    },
  },
  // The password KDF (scrypt, 32 MiB) is CPU-bound: more memory buys Lambda a bigger CPU share.
  // Capped so a burst of logins cannot take the account's concurrency (docs/operations.md).
  sizing: {
    login: { memoryMb: 1024, reservedConcurrency: 10 },
    createUser: { memoryMb: 1024, reservedConcurrency: 2 },
  },
  tableAccess: {
    // A successful login clears the e-mail's failure counter.
    deleters: ['login'],
    // The key pairs: login and refresh sign with them. The JWKS publishes the public halves,
    // which live in a partition of their own (store/keys.ts), so it never reads a private key.
    privatePartitions: [{ partitionKey: SIGNING_KEY_PK, functions: ['login', 'refresh'] }],
  },
});
