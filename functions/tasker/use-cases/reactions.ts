import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { userDeletedV1 } from '#events/auth/user.deleted.v1';
import { userRoleChangedV1 } from '#events/auth/user.role_changed.v1';
import { userUpdatedV1 } from '#events/auth/user.updated.v1';
import { shuffleChunkRequestedV1 } from '#events/tasker/tasker.shuffle_chunk_requested.v1';
import { shuffleRequestedV1 } from '#events/tasker/tasker.shuffle_requested.v1';
import { on, type Subscription } from '#shared/consumer/consumer';
import type { TaskerDeps } from '../domain/ports';
import { applyPrice } from './apply-price';
import { applyUserSnapshot } from './apply-user-snapshot';
import { processShuffleChunk } from './shuffle-chunk';
import { onShuffleRequested } from './start-shuffle';

/**
 * Which use case answers which event: the users replica (every user CUD event is a full
 * snapshot), prices from Accounting, and Tasker's own reshuffle chain.
 */
export const taskerReactions = (deps: () => TaskerDeps): Subscription[] => [
  ...[userCreatedV1, userUpdatedV1, userRoleChangedV1, userDeletedV1].map((contract) =>
    on(contract, ({ data }) => applyUserSnapshot(deps(), data)),
  ),
  on(taskPricedV1, ({ data }) => applyPrice(deps(), data)),
  on(shuffleRequestedV1, ({ metadata }) =>
    onShuffleRequested(deps(), { correlationId: metadata.correlation_id }),
  ),
  on(shuffleChunkRequestedV1, ({ data, metadata }) =>
    processShuffleChunk(deps(), data, { correlationId: metadata.correlation_id }),
  ),
];
