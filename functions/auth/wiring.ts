import { requiredEnv, TOKEN_AUDIENCE, tokenIssuer } from '#shared/config';
import type { PublishedKeys } from '#shared/auth/published-keys';
import { domainHttpHandler } from '#shared/http/handler';
import { DynamoUnitOfWork } from '#shared/unit-of-work/dynamo-unit-of-work';
import { AuthError, GUARD_REFUSALS } from './domain/errors';
import { KeyRing, ownPublishedKeys } from './domain/key-ring';
import { PASSWORD_COST } from './domain/password';
import type { AuthDeps } from './domain/ports';
import { DynamoLoginAttemptStore } from './store/login-attempt-store';
import { DynamoSigningKeyStore } from './store/signing-key-store';
import { DynamoUserAccountStore } from './store/user-account-store';

/**
 * Ten minutes: the longest a revoked token keeps working in a domain whose replica has not
 * heard of the change yet (Auth itself refuses it at once). Clients refresh before it ends.
 */
const DEFAULT_TOKEN_TTL_SECONDS = 10 * 60;
/** How long refreshing may go on before the password must be typed again. */
const MAX_SESSION_SECONDS = 12 * 60 * 60;

/** ATES_TOKEN_TTL_SECONDS, if set, must be a whole number of seconds; nonsense fails loudly. */
export function tokenTtlSeconds(): number {
  const raw = process.env.ATES_TOKEN_TTL_SECONDS;
  if (!raw) return DEFAULT_TOKEN_TTL_SECONDS;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds <= 0)
    throw new Error(`ATES_TOKEN_TTL_SECONDS must be a whole number of seconds, got "${raw}"`);
  return seconds;
}

/**
 * Auth's use cases wired to DynamoDB (the table named by AUTH_TABLE), with `overrides` for a
 * test that needs one part otherwise (a clock). Handlers, the admin script and the demo seed
 * all use `authDeps()`: one code path for every caller.
 */
export function buildAuthDeps(overrides: Partial<AuthDeps> = {}): AuthDeps {
  const base = buildAuthDepsWithoutSigning(overrides);
  return { ...base, keyRing: overrides.keyRing ?? keyRingOf(base.clock) };
}

/** Auth's signing keys in its table, read through the process's cache. */
const keyRingOf = (clock: () => Date) =>
  new KeyRing(new DynamoSigningKeyStore(requiredEnv('AUTH_TABLE')), clock);

/** Auth's dependencies but the key ring: what a route that signs no token needs. */
export type AuthDepsWithoutSigning = Omit<AuthDeps, 'keyRing'>;

/**
 * `buildAuthDeps` without the key ring, so a route that signs no token (`me`, the user admin)
 * does not bundle or load `jose`, which only the key ring (making keys) and signing use.
 */
export function buildAuthDepsWithoutSigning(
  overrides: Partial<AuthDepsWithoutSigning> = {},
): AuthDepsWithoutSigning {
  const tableName = requiredEnv('AUTH_TABLE');
  const clock = overrides.clock ?? (() => new Date());
  return {
    users: new DynamoUserAccountStore(tableName),
    loginAttempts: new DynamoLoginAttemptStore(tableName),
    unitOfWork: new DynamoUnitOfWork({
      tableName,
      refusals: GUARD_REFUSALS,
      clock,
      conflict: () =>
        new AuthError(
          'concurrent_change',
          'another change to the same accounts was committed at the same moment; try again',
        ),
    }),
    passwordCost: PASSWORD_COST,
    tokens: {
      issuer: tokenIssuer(),
      audience: TOKEN_AUDIENCE,
      ttlSeconds: tokenTtlSeconds(),
      maxSessionSeconds: MAX_SESSION_SECONDS,
    },
    clock,
    ...overrides,
  };
}

let deps: AuthDeps | undefined;
let depsWithoutSigning: AuthDepsWithoutSigning | undefined;

/** Built once per process, so a warm Lambda reuses its clients and its cached signing key. */
export const authDeps = (): AuthDeps => {
  const base = authDepsWithoutSigning();
  return (deps ??= { ...base, keyRing: keyRingOf(base.clock) });
};

/** `authDeps()` without the key ring, for the routes that sign no token; the same stores. */
export const authDepsWithoutSigning = (): AuthDepsWithoutSigning =>
  (depsWithoutSigning ??= buildAuthDepsWithoutSigning());

let ownKeys: PublishedKeys | undefined;

/**
 * Auth's routes: a token whose user has since been deactivated or re-roled is refused on every
 * Auth route at once, since Auth's own table is where that change is made.
 */
export const authHttp = /* @__PURE__ */ domainHttpHandler({
  callers: () => authDepsWithoutSigning().users,
  signingKeys: () =>
    (ownKeys ??= ownPublishedKeys(new DynamoSigningKeyStore(requiredEnv('AUTH_TABLE')))),
});
