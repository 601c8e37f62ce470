import * as z from '../zod';
import { defineEvent } from '../contract';
import { timestamp } from '../fields';

/** An ES256 public key as a JWK (RFC 7517): what the JWKS route serves for one `kid`. */
export const publicSigningJwk = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().check(z.minLength(1)),
  y: z.string().check(z.minLength(1)),
  kid: z.string().check(z.minLength(1)),
  alg: z.literal('ES256'),
  use: z.literal('sig'),
});

export const signingKeyPublishedV1 = defineEvent({
  name: 'auth.signing_key.published',
  version: 1,
  producer: 'auth',
  consumers: ['tasker', 'accounting', 'analytics'],
  description:
    'A token-signing key was published (internal): sent when Auth creates the key, so before it ' +
    'signs (`status: active`), and again when an operator retires it (`status: retired`). Carries ' +
    'the public half only. Every domain verifies tokens against its own copy of these keys instead ' +
    "of fetching the JWKS through the public API. `kid` is the key's RFC 7638 thumbprint and a " +
    'retired key never signs again, so a copy keeps `retired` over `active` whatever the order.',
  schema: z
    .object({
      kid: z.string().check(z.minLength(1)),
      generation: z.number().check(z.int(), z.positive()),
      jwk: publicSigningJwk,
      /** `retired`: verifies no token any more (the JWKS route no longer lists it). */
      status: z.enum(['active', 'retired']),
      published_at: timestamp,
      /** From when Auth signs with it (published_at + the publication lead), unless a newer key does. */
      signs_from: timestamp,
    })
    .check(
      z.refine((key) => key.jwk.kid === key.kid, {
        message: 'jwk.kid must equal kid',
        path: ['jwk'],
      }),
    ),
});
