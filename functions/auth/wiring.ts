import { requiredEnv, TOKEN_AUDIENCE, tokenIssuer } from '#shared/config';
import { domainHttpHandler } from '#shared/http/handler';
import { KeyRing } from './domain/key-ring';
import type { AuthDeps } from './domain/ports';
import { commitCommand } from './store/commit-command';
import { DynamoLoginAttemptStore } from './store/login-attempt-store';
import { outboxItems } from './store/outbox-items';
import { DynamoSigningKeyStore } from './store/signing-key-store';
import { DynamoUserStore } from './store/user-store';

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

let deps: AuthDeps | undefined;

/**
 * The composition root: Auth's use cases wired to DynamoDB (the table named by AUTH_TABLE).
 * Built once per process, so a warm Lambda reuses its clients and its cached signing key.
 * Handlers, the admin script and the demo seed all use it: one code path for every caller.
 */
export function authDeps(): AuthDeps {
  if (deps) return deps;
  const table = requiredEnv('AUTH_TABLE');
  const clock = () => new Date();
  deps = {
    users: new DynamoUserStore(table),
    loginAttempts: new DynamoLoginAttemptStore(table),
    keyRing: new KeyRing(new DynamoSigningKeyStore(table), clock),
    outbox: (events) => outboxItems(table, events),
    commit: commitCommand,
    tokens: {
      issuer: tokenIssuer(),
      audience: TOKEN_AUDIENCE,
      ttlSeconds: tokenTtlSeconds(),
      maxSessionSeconds: MAX_SESSION_SECONDS,
    },
    clock,
  };
  return deps;
}

/**
 * Auth's routes: a token whose user has since been deactivated or re-roled is refused on every
 * Auth route at once, since Auth's own table is where that change is made.
 */
export const authHttpHandler = /* @__PURE__ */ domainHttpHandler({
  callers: () => authDeps().users,
});
