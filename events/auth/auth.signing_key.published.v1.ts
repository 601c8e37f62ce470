import * as z from 'zod';
import { defineEvent } from '../contract';
import { timestamp } from '../fields';

/** An ES256 public key as a JWK (RFC 7517): what the JWKS route serves for one `kid`. */
export const publicSigningJwk = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1),
  y: z.string().min(1),
  kid: z.string().min(1),
  alg: z.literal('ES256'),
  use: z.literal('sig'),
});

export const signingKeyPublishedV1 = defineEvent({
  name: 'auth.signing_key.published',
  version: 1,
  producer: 'auth',
  consumers: ['tasker', 'accounting', 'analytics'],
  description:
    'Auth created a token-signing key (internal). Carries the public half only, sent when the key is ' +
    'created and so before it signs: every domain verifies tokens against its own replica of these ' +
    'keys instead of fetching the JWKS through the public API. A key is immutable: `kid` is its ' +
    'RFC 7638 thumbprint, so a repeated or late event changes nothing.',
  schema: z
    .object({
      kid: z.string().min(1),
      generation: z.number().int().positive(),
      jwk: publicSigningJwk,
      published_at: timestamp,
      /** From when Auth signs with it (published_at + the publication lead), unless a newer key does. */
      signs_from: timestamp,
    })
    .refine((key) => key.jwk.kid === key.kid, { message: 'jwk.kid must equal kid', path: ['jwk'] }),
});
