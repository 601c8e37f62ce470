/**
 * Every key in Auth's table, in one place. One table holds several record types:
 *
 * | record            | pk                          | sk                  | gsi1pk / gsi1sk         |
 * |-------------------|-----------------------------|---------------------|-------------------------|
 * | user              | USER#<id>                   | USER                | USERS / <email, lower>  |
 * | e-mail guard      | EMAIL#<email, lower>        | EMAIL               |                         |
 * | signing key       | SIGNING_KEY                 | GEN#<000001>        |                         |
 * | its public half   | PUBLIC_KEY                  | GEN#<000001>        |                         |
 * | login attempts    | LOGIN_ATTEMPTS#<email, lower> | LOGIN_ATTEMPTS    |  (TTL expires_at)       |
 * | active-admin count| ACTIVE_ADMINS               | COUNT               |                         |
 * | outbox row        | OUTBOX#<event id>           | OUTBOX              |  (TTL expires_at)       |
 */
export const RECORD_TYPES = {
  user: 'user',
  emailGuard: 'email_guard',
  signingKey: 'signing_key',
  loginAttempts: 'login_attempts',
  activeAdmins: 'active_admins',
} as const;

export const userKey = (id: string) => ({ pk: `USER#${id}`, sk: 'USER' });

/** The item whose conditional put makes an e-mail unique: DynamoDB has no unique attributes. */
export const emailGuardKey = (emailKey: string) => ({ pk: `EMAIL#${emailKey}`, sk: 'EMAIL' });

/**
 * All users share one gsi1 partition, sorted by e-mail. A company's staff list is small (a
 * few thousand at most), far below what one partition serves.
 */
export const USERS_INDEX = 'gsi1';
export const userIndexKey = (emailKey: string) => ({ gsi1pk: 'USERS', gsi1sk: emailKey });

/** The key pairs, private halves included: only the functions that sign may read them. */
export const SIGNING_KEY_PK = 'SIGNING_KEY';
/** The public halves alone, written with each pair: what the JWKS publishes. */
export const PUBLIC_KEY_PK = 'PUBLIC_KEY';
/** Zero-padded so generations sort as numbers. */
export const signingKeySk = (generation: number) => `GEN#${String(generation).padStart(6, '0')}`;

export const loginAttemptsKey = (emailKey: string) => ({
  pk: `LOGIN_ATTEMPTS#${emailKey}`,
  sk: 'LOGIN_ATTEMPTS',
});

/** One counter of active admins, so "at least one remains" is a condition on one item. */
export const ACTIVE_ADMINS_KEY = { pk: 'ACTIVE_ADMINS', sk: 'COUNT' } as const;
