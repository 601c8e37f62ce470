import { signingKeyPublishedV1 } from '#events/auth/auth.signing_key.published.v1';
import { on, type Subscription } from '#shared/consumer/consumer';
import type { DynamoSigningKeyReplica } from './signing-key-replica-store';

/**
 * What every verifying domain's consumer does with Auth's published keys: keep a copy of each,
 * by `kid`. A key never changes (its `kid` is its thumbprint), so a repeated or late event, or
 * two keys' events in either order, leave the same replica: a known key records nothing but
 * the event's marker.
 */
export const signingKeyReactions = (
  replica: () => Pick<DynamoSigningKeyReplica, 'has' | 'added'>,
): Subscription[] => [
  on(signingKeyPublishedV1, async ({ data }, changes) => {
    if (await replica().has(data.kid)) return;
    replica().added(changes, data);
  }),
];
