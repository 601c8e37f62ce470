import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost parameters; a hash made with one cost stays verifiable under another. */
export interface PasswordCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * Passwords are stored as `scrypt$N$r$p$<salt>$<hash>` (base64url). The cost parameters travel
 * with each hash, so raising them later leaves existing hashes verifiable.
 *
 * N = 2^15, r = 8 takes 32 MiB and roughly 0.1-0.2 s of one core: slow enough to make offline
 * guessing expensive, fast enough for a Lambda with the memory service.ts gives login.
 */
export const PASSWORD_COST: PasswordCost = { N: 2 ** 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PREFIX = 'scrypt';

function derive(password: string, salt: Buffer, options: ScryptOptions, length: number) {
  const maxmem = 256 * options.N! * options.r! * options.p! + 1024 * 1024;
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, length, { ...options, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/**
 * The cost comes from the deps (`AuthDeps.passwordCost`): production's PASSWORD_COST, a cheap
 * one in tests that are not about hashing (`password.test.ts` keeps the production cost).
 */
export async function hashPassword(password: string, cost: PasswordCost): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost, KEY_BYTES);
  return [
    PREFIX,
    cost.N,
    cost.r,
    cost.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Constant-time compare; a malformed stored hash is an error of ours, not a wrong password. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [prefix, n, r, p, salt, key] = stored.split('$');
  if (prefix !== PREFIX || !n || !r || !p || !salt || !key)
    throw new Error('stored password hash has an unknown format');
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64url'),
    { N: Number(n), r: Number(r), p: Number(p) },
    expected.length,
  );
  return timingSafeEqual(actual, expected);
}

const unknownUserHashes = new Map<string, string>();

/**
 * Verified against when the e-mail is unknown, so that answer takes as long as a wrong password
 * at the same cost and response time does not tell which addresses have accounts. Made once per
 * cost and process.
 */
export function unknownUserHash(cost: PasswordCost): string {
  const key = `${cost.N}$${cost.r}$${cost.p}`;
  let hash = unknownUserHashes.get(key);
  if (hash === undefined) unknownUserHashes.set(key, (hash = dummyHashOf(cost)));
  return hash;
}

const dummyHashOf = (cost: PasswordCost) =>
  [
    PREFIX,
    cost.N,
    cost.r,
    cost.p,
    randomBytes(SALT_BYTES).toString('base64url'),
    randomBytes(KEY_BYTES).toString('base64url'),
  ].join('$');
