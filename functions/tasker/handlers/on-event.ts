import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { userDeletedV1 } from '#events/auth/user.deleted.v1';
import { userRoleChangedV1 } from '#events/auth/user.role_changed.v1';
import { userUpdatedV1 } from '#events/auth/user.updated.v1';
import { shuffleChunkRequestedV1 } from '#events/tasker/tasker.shuffle_chunk_requested.v1';
import { shuffleRequestedV1 } from '#events/tasker/tasker.shuffle_requested.v1';
import { signingKeyReactions } from '#shared/auth/signing-key-reactions';
import { createConsumerHandler, on, type Subscription } from '#shared/consumer/consumer';
import type { TaskerDeps } from '../domain/ports';
import { PRICE_IS_NEWER } from '../store/price-store';
import { applyPrice } from '../use-cases/apply-price';
import { applyUserSnapshot } from '../use-cases/apply-user-snapshot';
import { runShuffleChunk } from '../use-cases/run-shuffle-chunk';
import { startShuffle } from '../use-cases/start-shuffle';
import { taskerDeps, taskerTableName, taskerSigningKeys } from '../wiring';

/**
 * What Tasker reacts to, the one list (service.ts's subscriptions and each contract's
 * `consumers` are held equal to it by on-event.test.ts): the users replica (every user CUD
 * event is a full snapshot), prices from Accounting, and Tasker's own reshuffle chain.
 */
export const taskerReactions = (deps: () => TaskerDeps): Subscription[] => [
  // Auth's public signing keys, so Tasker's routes verify tokens without the JWKS route.
  ...signingKeyReactions(taskerSigningKeys),
  ...[userCreatedV1, userUpdatedV1, userRoleChangedV1, userDeletedV1].map((contract) =>
    on(contract, ({ data }, changes) => applyUserSnapshot(deps(), data, changes)),
  ),
  // The price's put is refused only when as new a pricing is stored: it marks the event itself,
  // and a redelivery or replay (of it or of an older one) is refused by it and changes nothing.
  on(taskPricedV1, ({ data }, changes) => applyPrice(deps(), data, changes), {
    markedBy: PRICE_IS_NEWER,
  }),
  on(shuffleRequestedV1, (_event, changes) => startShuffle(deps(), changes)),
  on(shuffleChunkRequestedV1, ({ data }, changes) => runShuffleChunk(deps(), data, changes)),
];

/** Tasker's queue · the events service.ts subscribes to · each applied once, failures retried. */
export const makeTaskerConsumer = (deps = taskerDeps) =>
  createConsumerHandler({
    domain: 'tasker',
    tableName: taskerTableName,
    subscriptions: taskerReactions(deps),
  });

export const handler = makeTaskerConsumer();
