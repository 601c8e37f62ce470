import { signingKeyPublishedV1 } from '#events/auth/auth.signing_key.published.v1';
import { on, type Subscription } from '#shared/consumer/consumer';
import type { DynamoSigningKeyReplica } from './signing-key-replica-store';

/**
 * What every verifying domain's consumer does with Auth's published keys: keep a copy of each,
 * by `kid`. A key's material never changes (its `kid` is its thumbprint) and a retired key never
 * signs again, so the copy only moves from absent to active to retired: a repeated or late event
 * (an `active` after the `retired`) records nothing but the event's marker, and two keys' events
 * in either order leave the same copy.
 */
export const signingKeyReactions = (
  replica: () => Pick<DynamoSigningKeyReplica, 'statusOf' | 'saved'>,
): Subscription[] => [
  on(signingKeyPublishedV1, async ({ data }, changes) => {
    const stored = await replica().statusOf(data.kid);
    if (stored === 'retired' || stored === data.status) return;
    replica().saved(changes, data);
  }),
];
