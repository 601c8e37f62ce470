import * as z from '#events/zod';
import { revision, roleSchema } from '#events';
import type { UserWithCredentials } from '../domain/user';

/**
 * The stored shapes of Auth's records, parsed on every read: a renamed or missing attribute
 * fails loudly here instead of leaking `undefined` into the domain. Keys and bookkeeping
 * attributes (pk, sk, gsi1*, record_type) are the store's own and are dropped.
 */
export const userItem = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  active: z.boolean(),
  revision,
  created_at: z.string(),
  updated_at: z.string(),
  password_hash: z.string(),
});

export const userOf = (item: Record<string, unknown>): UserWithCredentials => userItem.parse(item);

export const emailGuardItem = z.object({ user_id: z.string() });

export const loginAttemptsItem = z.object({
  attempts: z.number().check(z.int()),
  window_ends_at: z.number().check(z.int()),
});

export const activeAdminsItem = z.object({ count: z.number().check(z.int()) });

export const publicKeyItem = z.object({
  generation: z.number().check(z.int(), z.positive()),
  kid: z.string(),
  public_jwk: z.string(),
  status: z.enum(['active', 'retired']),
  created_at: z.string(),
});

export const signingKeyItem = z.object({
  generation: z.number().check(z.int(), z.positive()),
  kid: z.string(),
  public_jwk: z.string(),
  private_jwk: z.string(),
  status: z.enum(['active', 'retired']),
  created_at: z.string(),
});

/** A user record as the scan that builds the admin count sees it. */
export const adminCandidateItem = z.object({
  role: roleSchema,
  active: z.boolean(),
});
