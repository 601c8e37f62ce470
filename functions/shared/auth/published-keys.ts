import type { DataOf } from '#events';
import type { signingKeyPublishedV1 } from '#events/auth/auth.signing_key.published.v1';

/** One public token-signing key as Auth publishes it (the JWKS route's member for its `kid`). */
export type PublishedJwk = DataOf<typeof signingKeyPublishedV1>['jwk'];

/**
 * The port a domain hands the token verifier: the public keys it already holds in its own table
 * (Auth: its own keys; every other domain: its replica of Auth's `auth.signing_key.published`
 * events), so verifying a token needs no call to the public API.
 */
export interface PublishedKeys {
  publishedJwks(): Promise<PublishedJwk[]>;
}
